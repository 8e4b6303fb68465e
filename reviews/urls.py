from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    # The expert (R12: declaration, then the dossier, then scores).
    path("review/<int:pk>/", views.dossier, name="dossier"),
    path("review/<int:pk>/declare/", views.declare, name="declare"),
    path("review/<int:pk>/<str:stage>/score/", views.score, name="score"),
    # The office.
    path("office/rounds/<int:pk>/review/", views.round_review, name="round_review"),
    path("office/rounds/<int:pk>/review/groups/", views.group_create, name="group_create"),
    path("office/rounds/<int:pk>/review/assign/", views.assign, name="assign"),
    path("office/rounds/<int:pk>/review/site-selection/", views.select_site, name="select_site"),
    path(
        "office/rounds/<int:pk>/review/composite/",
        views.complete_composite,
        name="complete_composite",
    ),
    path(
        "office/rounds/<int:pk>/review/candidates/",
        views.submit_candidates,
        name="submit_candidates",
    ),
    path(
        "office/assignments/<int:pk>/withdraw/",
        views.withdraw_assignment,
        name="withdraw_assignment",
    ),
    # Office and leading group.
    path("rounds/<int:pk>/composite/", views.composite_report, name="composite_report"),
]
