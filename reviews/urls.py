from django.urls import path

from . import views, views_consensus, views_pool

app_name = "reviews"
urlpatterns = [
    # The expert (R12: declaration, then the dossier, then scores).
    path("review/<int:pk>/", views.dossier, name="dossier"),
    path("review/<int:pk>/declare/", views.declare, name="declare"),
    path("review/<int:pk>/<str:stage>/score/", views.score, name="score"),
    # The group leader's consensus and the applicant's feedback report.
    path("review/<int:pk>/<str:stage>/consensus/", views_consensus.consensus, name="consensus"),
    path("applications/<int:pk>/feedback/", views_consensus.feedback, name="feedback"),
    path(
        "office/rounds/<int:pk>/review/release-feedback/",
        views_consensus.release_feedback,
        name="release_feedback",
    ),
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
    # The expert pool (评审员专家库) and disqualification (Art. 32).
    path("office/experts/", views_pool.pool_list, name="pool_list"),
    path("office/experts/new/", views_pool.pool_create, name="pool_create"),
    path("office/experts/template.xlsx", views_pool.pool_template, name="pool_template"),
    path("office/experts/import/", views_pool.pool_import, name="pool_import"),
    path("office/experts/<int:pk>/", views_pool.pool_edit, name="pool_edit"),
    path("office/experts/<int:pk>/login/", views_pool.pool_login, name="pool_login"),
    path("office/experts/<int:pk>/share/", views_pool.pool_share, name="pool_share"),
    path(
        "office/experts/<int:pk>/disqualify/",
        views_pool.pool_propose_disqualification,
        name="pool_propose_disqualification",
    ),
    path(
        "experts/disqualifications/",
        views_pool.pool_disqualifications,
        name="pool_disqualifications",
    ),
    path(
        "experts/disqualifications/<int:pk>/",
        views_pool.pool_disqualification_decide,
        name="pool_disqualification_decide",
    ),
    # Office and leading group.
    path("rounds/<int:pk>/composite/", views.composite_report, name="composite_report"),
]
