from django.urls import path

from reviews.views import applicant as views_applicant
from reviews.views import consensus as views_consensus
from reviews.views import defence as views_defence
from reviews.views import draw as views_draw
from reviews.views import reports as views_reports
from reviews.views import review as views
from reviews.views import site as views_site

app_name = "reviews"
urlpatterns = [
    # The expert (R12: declaration, then the dossier, then scores).
    path("review/<int:pk>/", views.dossier, name="dossier"),
    path("review/<int:pk>/declare/", views.declare, name="declare"),
    path("review/<int:pk>/decline/", views_draw.decline, name="decline"),
    path("review/<int:pk>/<str:stage>/score/", views.score, name="score"),
    # The site review (team, office, and the organisation's dates and agenda).
    path("review/<int:pk>/site-visit/", views_site.site_visit, name="site_visit"),
    path("review/<int:pk>/site-report.pdf", views_site.site_report_pdf, name="site_report_pdf"),
    # The group leader's consensus and the applicant's feedback report.
    path("review/<int:pk>/<str:stage>/consensus/", views_consensus.consensus, name="consensus"),
    path("applications/<int:pk>/feedback/", views_consensus.feedback, name="feedback"),
    path(
        "applications/<int:pk>/conflicted-experts/",
        views_applicant.applicant_conflicts,
        name="applicant_conflicts",
    ),
    path(
        "office/rounds/<int:pk>/review/release-feedback/",
        views_consensus.release_feedback,
        name="release_feedback",
    ),
    # The office.
    path("office/rounds/<int:pk>/review/", views.round_review, name="round_review"),
    path("office/rounds/<int:pk>/review/groups/", views.group_create, name="group_create"),
    path(
        "office/rounds/<int:pk>/review/deadline/",
        views.set_deadline,
        name="set_review_deadline",
    ),
    path("office/rounds/<int:pk>/review/assign/", views.assign, name="assign"),
    path("office/rounds/<int:pk>/review/assign-form/", views.assign_form, name="assign_form"),
    path("office/rounds/<int:pk>/review/group-form/", views.group_form, name="group_form"),
    path(
        "office/rounds/<int:pk>/review/progress/reviewers/",
        views.progress_reviewers,
        name="progress_reviewers",
    ),
    path("office/rounds/<int:pk>/review/site-selection/", views.select_site, name="select_site"),
    path(
        "office/rounds/<int:pk>/review/composite/",
        views.complete_composite,
        name="complete_composite",
    ),
    path(
        "office/applications/<int:pk>/conflicts/record/",
        views.record_conflict,
        name="record_conflict",
    ),
    path(
        "office/applications/<int:pk>/defence/record/",
        views_defence.record_defence,
        name="record_defence",
    ),
    path(
        "office/rounds/<int:pk>/defence/open/",
        views_defence.open_defence,
        name="open_defence",
    ),
    path(
        "office/rounds/<int:pk>/defence/start-site-review/",
        views_defence.start_site,
        name="start_site_review",
    ),
    path(
        "office/rounds/<int:pk>/review/composite/recompute/",
        views.recompute_composite,
        name="recompute_composite",
    ),
    path(
        "office/rounds/<int:pk>/review/candidates/",
        views.submit_candidates,
        name="submit_candidates",
    ),
    path(
        "office/rounds/<int:pk>/review/<str:stage>/calibration/",
        views_reports.calibration,
        name="calibration",
    ),
    path(
        "office/rounds/<int:pk>/review/scores.xlsx",
        views_reports.export_scores,
        name="export_scores",
    ),
    path(
        "office/rounds/<int:pk>/review/material-report.<str:fmt>",
        views_reports.export_material_report,
        name="export_material_report",
    ),
    path(
        "rounds/<int:pk>/composite.xlsx",
        views_reports.export_composite_report,
        name="export_composite_report",
    ),
    path("office/rounds/<int:pk>/review/draws/", views_draw.draws, name="draws"),
    path("office/draws/<int:pk>/", views_draw.draw_detail, name="draw_detail"),
    path("office/draws/<int:pk>/discard/", views_draw.draw_discard, name="draw_discard"),
    path(
        "office/assignments/<int:pk>/withdraw/",
        views.withdraw_assignment,
        name="withdraw_assignment",
    ),
    # Office and leading group.
    path("rounds/<int:pk>/composite/", views.composite_report, name="composite_report"),
]
