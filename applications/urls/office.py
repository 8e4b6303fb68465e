"""Office, recommender and liaison URLs; concatenated into the "applications" namespace."""

from django.urls import path

from applications.views import office as views

urlpatterns = [
    path("office/rounds/<int:round_pk>/applications/", views.office_list, name="office_list"),
    path(
        "office/rounds/<int:round_pk>/eligible-list.<str:fmt>",
        views.eligible_list_export,
        name="eligible_list_export",
    ),
    path(
        "office/rounds/<int:round_pk>/consultation-letters/<int:department_pk>.docx",
        views.consultation_letter_docx,
        name="consultation_letter",
    ),
    path(
        "office/rounds/<int:round_pk>/paper-dossier/",
        views.office_paper_entry,
        name="office_paper_entry",
    ),
    path(
        "office/rounds/<int:round_pk>/charts/",
        views.office_round_charts,
        name="office_round_charts",
    ),
    path(
        "office/rounds/<int:round_pk>/consultations/",
        views.office_consult_batch,
        name="office_consult_batch",
    ),
    path("office/applications/<int:pk>/", views.office_detail, name="office_detail"),
    path("office/applications/<int:pk>/checks/", views.office_check, name="office_check"),
    path(
        "office/applications/<int:pk>/consultations/",
        views.office_consult,
        name="office_consult",
    ),
    path(
        "office/applications/<int:pk>/consultations/<int:consultation_pk>/waiver/",
        views.office_waive,
        name="office_waive",
    ),
    path(
        "office/applications/<int:pk>/adverse-records/<int:record_pk>/",
        views.office_resolve_adverse,
        name="office_resolve_adverse",
    ),
    path(
        "office/applications/<int:pk>/supplements/",
        views.office_supplement,
        name="office_supplement",
    ),
    path(
        "office/applications/<int:pk>/consultations/<int:consultation_pk>/paper-reply/",
        views.office_paper_reply,
        name="office_paper_reply",
    ),
    path("office/applications/<int:pk>/decision/", views.office_decide, name="office_decide"),
    path(
        "office/applications/<int:pk>/leader-tag/",
        views.office_leader_tag,
        name="office_leader_tag",
    ),
    path("office/applications/<int:pk>/disqualify/", views.disqualify, name="disqualify"),
    path("recommend/<int:pk>/", views.recommend, name="recommend"),
    path("recommend/", views.recommender_list, name="recommender_list"),
    path(
        "office/rounds/<int:round_pk>/recommendations/",
        views.office_recommendations,
        name="office_recommendations",
    ),
    path("consultations/replies/", views.liaison_replies, name="liaison_replies"),
    path("consultations/replies.xlsx", views.liaison_reply_sheet, name="liaison_reply_sheet"),
    path("consultations/<int:pk>/answer/", views.consultation_answer, name="consultation_answer"),
    path(
        "consultations/<int:pk>/reply-letter/",
        views.consultation_reply_letter,
        name="consultation_reply_letter",
    ),
]
