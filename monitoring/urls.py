from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    # The winner (Art. 24-26)
    path("winner/", views.winner_overview, name="winner_overview"),
    path("winner/grants/<int:pk>/", views.winner_grant, name="winner_grant"),
    path("winner/grants/<int:pk>/fund-use/", views.fund_report, name="fund_report"),
    path("winner/grants/<int:pk>/improvements/", views.improvements, name="improvements"),
    path("winner/grants/<int:pk>/sharing/", views.sharing, name="sharing"),
    path("fund-evidence/<int:pk>/", views.fund_evidence, name="fund_evidence"),
    path(
        "winner/reports/<int:pk>/attachments/",
        views.report_attachment_add,
        name="report_attachment_add",
    ),
    path(
        "report-attachments/<int:pk>/remove/",
        views.report_attachment_remove,
        name="report_attachment_remove",
    ),
    path(
        "report-attachments/<int:pk>/",
        views.report_attachment_download,
        name="report_attachment_download",
    ),
    # The office (Art. 24-26, 29)
    path("office/", views.office_dashboard, name="office_dashboard"),
    path("office/grants/<int:pk>/", views.office_grant, name="office_grant"),
    path(
        "office/reassessments/<int:pk>/",
        views.reassessment_record,
        name="reassessment_record",
    ),
    path("office/visits/<int:pk>/", views.visit_record, name="visit_record"),
    path("office/fund-use/<int:pk>/", views.fund_check, name="fund_check"),
    path("office/circulars/", views.circulars_office, name="circulars_office"),
    # Public (R10)
    path("circulars/", views.circulars_public, name="circulars_public"),
    path("circulars/<int:pk>/", views.circular, name="circular"),
    path("circulars/<int:pk>/pdf/", views.circular_pdf, name="circular_pdf"),
]
