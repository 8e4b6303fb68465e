from django.urls import path

from grants.views import approval as views
from grants.views import history as views_history
from grants.views import records as views_records

app_name = "grants"
urlpatterns = [
    # Office
    path("office/rounds/<int:round_pk>/approval/", views.record_approval, name="record_approval"),
    path(
        "office/rounds/<int:round_pk>/commendation.docx",
        views.commendation_decision,
        name="commendation_decision",
    ),
    path(
        "office/rounds/<int:round_pk>/certificates/requeue/",
        views.requeue_certificates,
        name="requeue_certificates",
    ),
    path(
        "office/certificates/<int:pk>/render-again/",
        views.certificate_render_again,
        name="certificate_render_again",
    ),
    # R15: the certificate's specimen (样张) under a programme's current rules.
    path(
        "programmes/<int:programme_pk>/certificate-specimen/<str:level>.pdf",
        views.certificate_specimen,
        name="certificate_specimen",
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
