from django.urls import path

from . import views

app_name = "grants"
urlpatterns = [
    # Office
    path("office/rounds/<int:round_pk>/approval/", views.record_approval, name="record_approval"),
    path(
        "office/rounds/<int:round_pk>/certificates/requeue/",
        views.requeue_certificates,
        name="requeue_certificates",
    ),
    # The winning organisation (and the office)
    path(
        "certificates/<int:grant_pk>/download/",
        views.certificate_download,
        name="certificate_download",
    ),
    # Public
    path("winners/", views.winners, name="winners"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:number>/", views.verify_number, name="verify_number"),
]
