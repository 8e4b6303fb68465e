"""The monitoring pages, included at the root: the annual reports keep the paths they had under
grants (the URLs users know), the rest keep their ``monitoring/`` prefix."""

from django.urls import path
from django.views.generic import RedirectView

from monitoring.views import annual_reports as views_annual_reports
from monitoring.views import monitoring as views

app_name = "monitoring"
urlpatterns = [
    # Obligations of a winner (Art. 24)
    path(
        "winner/reports/<int:pk>/",
        views_annual_reports.annual_report_file,
        name="annual_report_file",
    ),
    path(
        "office/obligations/",
        views_annual_reports.office_obligations,
        name="office_obligations",
    ),
    path(
        "office/reports/<int:pk>/",
        views_annual_reports.annual_report_review,
        name="annual_report_review",
    ),
    # The winner (Art. 24-26)
    path("monitoring/winner/", views.winner_overview, name="winner_overview"),
    # The annual reports moved onto the winner's one page of obligations: messages already
    # sent keep a working link.
    path(
        "winner/obligations/",
        RedirectView.as_view(pattern_name="monitoring:winner_overview"),
        name="obligations_moved",
    ),
    path("monitoring/winner/grants/<int:pk>/", views.winner_grant, name="winner_grant"),
    path("monitoring/winner/grants/<int:pk>/fund-use/", views.fund_report, name="fund_report"),
    path(
        "monitoring/winner/grants/<int:pk>/improvements/", views.improvements, name="improvements"
    ),
    path("monitoring/winner/grants/<int:pk>/sharing/", views.sharing, name="sharing"),
    path("monitoring/fund-evidence/<int:pk>/", views.fund_evidence, name="fund_evidence"),
    path(
        "monitoring/winner/reports/<int:pk>/attachments/",
        views.report_attachment_add,
        name="report_attachment_add",
    ),
    path(
        "monitoring/report-attachments/<int:pk>/remove/",
        views.report_attachment_remove,
        name="report_attachment_remove",
    ),
    path(
        "monitoring/report-attachments/<int:pk>/",
        views.report_attachment_download,
        name="report_attachment_download",
    ),
    # The office (Art. 24-26, 29)
    path("monitoring/office/", views.office_dashboard, name="office_dashboard"),
    path("monitoring/office/grants/<int:pk>/", views.office_grant, name="office_grant"),
    path(
        "monitoring/office/reassessments/<int:pk>/",
        views.reassessment_record,
        name="reassessment_record",
    ),
    path("monitoring/office/visits/<int:pk>/", views.visit_record, name="visit_record"),
    path("monitoring/office/fund-use/<int:pk>/", views.fund_check, name="fund_check"),
    path("monitoring/office/circulars/", views.circulars_office, name="circulars_office"),
    # Public (R10)
    path("monitoring/circulars/", views.circulars_public, name="circulars_public"),
    path("monitoring/circulars/<int:pk>/", views.circular, name="circular"),
    path("monitoring/circulars/<int:pk>/pdf/", views.circular_pdf, name="circular_pdf"),
]
