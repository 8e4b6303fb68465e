from django.urls import path

from . import views, views_obligations, views_revocation

app_name = "grants"
urlpatterns = [
    # Office
    path("office/rounds/<int:round_pk>/approval/", views.record_approval, name="record_approval"),
    path(
        "office/rounds/<int:round_pk>/certificates/requeue/",
        views.requeue_certificates,
        name="requeue_certificates",
    ),
    # Revocation and bans (R8, R11)
    path("office/revocations/", views_revocation.revocation_list, name="revocation_list"),
    path(
        "office/grants/<int:grant_pk>/revoke/",
        views_revocation.revocation_open,
        name="revocation_open",
    ),
    path(
        "office/revocations/<int:pk>/decide/",
        views_revocation.revocation_decide,
        name="revocation_decide",
    ),
    path("office/bans/", views_revocation.bans, name="bans"),
    path(
        "winner/revocations/<int:pk>/",
        views_revocation.revocation_respond,
        name="revocation_respond",
    ),
    path("revocations/", views_revocation.revocations_public, name="revocations_public"),
    # The winning organisation (and the office)
    path(
        "certificates/<int:grant_pk>/download/",
        views.certificate_download,
        name="certificate_download",
    ),
    # Obligations of a winner (Art. 24)
    path("winner/obligations/", views_obligations.obligations_page, name="obligations"),
    path(
        "winner/reports/<int:pk>/",
        views_obligations.annual_report_file,
        name="annual_report_file",
    ),
    path(
        "office/obligations/",
        views_obligations.office_obligations,
        name="office_obligations",
    ),
    path(
        "office/reports/<int:pk>/",
        views_obligations.annual_report_review,
        name="annual_report_review",
    ),
    # Public
    path("winners/", views.winners, name="winners"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:number>/", views.verify_number, name="verify_number"),
]
