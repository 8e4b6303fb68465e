from django.urls import path

from grants.views import approval as views
from grants.views import fraud_bars as views_fraud_bars
from grants.views import history as views_history
from grants.views import incidents as views_incidents
from grants.views import obligations as views_obligations
from grants.views import records as views_records
from grants.views import revocation as views_revocation

app_name = "grants"
urlpatterns = [
    # Office
    path("office/rounds/<int:round_pk>/approval/", views.record_approval, name="record_approval"),
    # The bar decision after fraud, on the office's application page (R8, Art. 28)
    path(
        "office/applications/<int:pk>/fraud-bar/",
        views_fraud_bars.fraud_bar,
        name="fraud_bar",
    ),
    path(
        "office/applications/<int:pk>/fraud-bar/decision/",
        views_fraud_bars.fraud_bar_decide,
        name="fraud_bar_decide",
    ),
    path(
        "office/rounds/<int:round_pk>/certificates/requeue/",
        views.requeue_certificates,
        name="requeue_certificates",
    ),
    # Records after the approval (Art. 8, 22, R4)
    path(
        "office/approvals/<int:pk>/document/",
        views_records.approval_document_upload,
        name="approval_document_upload",
    ),
    path(
        "office/approvals/<int:pk>/document/download/",
        views_records.approval_document_download,
        name="approval_document_download",
    ),
    path("office/rounds/<int:round_pk>/prizes/", views_records.prizes, name="prizes"),
    path(
        "office/grants/<int:grant_pk>/records/",
        views_records.grant_records,
        name="grant_records",
    ),
    path(
        "office/rounds/<int:round_pk>/announcement/",
        views_records.announcement,
        name="announcement",
    ),
    path("winners/<int:round_pk>/", views_records.round_winners, name="round_winners"),
    # History from before the portal (Art. 34, R4, R7, R8)
    path("office/history/", views_history.history, name="history"),
    path("office/history/template/", views_history.history_template, name="history_template"),
    # Incidents about winners (R11)
    path("liaison/incidents/", views_incidents.liaison_page, name="liaison_incidents"),
    path(
        "liaison/incidents/<int:pk>/",
        views_incidents.liaison_detail,
        name="liaison_incident",
    ),
    path("winners/report/", views_incidents.public_report, name="incident_report"),
    path("winners/report/receipt/", views_incidents.public_receipt, name="incident_receipt"),
    path("office/incidents/", views_incidents.office_list, name="incidents_office"),
    path("office/incidents/<int:pk>/", views_incidents.office_detail, name="incident_office"),
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
    path("office/bans/<int:pk>/", views_revocation.ban_detail, name="ban_detail"),
    path(
        "office/bans/<int:pk>/notice/<str:body>.docx",
        views_revocation.ban_notice,
        name="ban_notice",
    ),
    path(
        "office/revocations/<int:pk>/request.docx",
        views_revocation.revocation_request,
        name="revocation_request",
    ),
    path(
        "office/revocations/<int:pk>/recovery/",
        views_revocation.recovery,
        name="revocation_recovery",
    ),
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
