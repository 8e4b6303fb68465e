from django.urls import path

from awards import views

app_name = "awards"
urlpatterns = [
    # Public
    path("calls/", views.call_list, name="call_list"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    # The installation's operator
    path("platform/programmes/", views.platform_programmes, name="platform_programmes"),
    path(
        "platform/programmes/new/",
        views.platform_programme_create,
        name="platform_programme_create",
    ),
    path(
        "platform/programmes/<int:pk>/edit/",
        views.platform_programme_edit,
        name="platform_programme_edit",
    ),
    # Office
    path("office/rounds/", views.round_list, name="round_list"),
    path("office/rounds/new/", views.round_create, name="round_create"),
    path("office/rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("office/rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("office/rounds/<int:pk>/call/", views.publish_call, name="publish_call"),
    path("office/rounds/<int:pk>/outlets/new/", views.add_outlet, name="add_outlet"),
    path("office/rounds/<int:pk>/deadline/", views.extend_deadline, name="extend_deadline"),
    path(
        "office/rounds/<int:pk>/material-review/",
        views.start_material_review,
        name="start_material_review",
    ),
    path("office/rounds/<int:pk>/log/", views.decision_log, name="decision_log"),
    path("office/programmes/<int:pk>/rules/", views.programme_rules, name="programme_rules"),
    path("office/programmes/<int:pk>/calendar/new/", views.calendar_add, name="calendar_add"),
    path(
        "office/programmes/<int:pk>/calendar/<int:day_pk>/delete/",
        views.calendar_remove,
        name="calendar_remove",
    ),
    path(
        "office/programmes/<int:pk>/leading-industries/",
        views.leading_industry_list,
        name="leading_industry_list",
    ),
    path(
        "office/programmes/<int:pk>/leading-industries/<int:industry_pk>/",
        views.leading_industry_edit,
        name="leading_industry_edit",
    ),
    path(
        "office/programmes/<int:pk>/leading-industries/<int:industry_pk>/delete/",
        views.leading_industry_remove,
        name="leading_industry_remove",
    ),
    # The annual work plan (Art. 11(3))
    path("office/work-plans/", views.work_plans, name="work_plans"),
    path("office/work-plans/<int:pk>/", views.work_plan_detail, name="work_plan_detail"),
    path("office/work-plans/<int:pk>/edit/", views.work_plan_edit, name="work_plan_edit"),
    path(
        "office/work-plans/<int:pk>/<slug:kind>/new/",
        views.work_plan_add,
        name="work_plan_add",
    ),
    path(
        "office/work-plans/<int:pk>/<slug:kind>/<int:item_pk>/delete/",
        views.work_plan_remove,
        name="work_plan_remove",
    ),
    path(
        "office/work-plans/<int:pk>/milestones/<int:item_pk>/done/",
        views.work_plan_milestone_done,
        name="work_plan_milestone_done",
    ),
    path("office/work-plans/<int:pk>/submit/", views.work_plan_submit, name="work_plan_submit"),
    path(
        "work-plans/<int:pk>/research/<int:item_pk>/document/",
        views.work_plan_document,
        name="work_plan_document",
    ),
    path("work-plans/<int:pk>/approve/", views.approve_work_plan, name="approve_work_plan"),
    path("work-plans/<int:pk>/return/", views.return_work_plan, name="return_work_plan"),
    # Guiding the county and zone awards (Art. 11(9))
    path(
        "programmes/<int:pk>/specimens/",
        views.programme_notice_preview,
        name="programme_notice_preview",
    ),
    path(
        "office/programmes/<int:pk>/guided/",
        views.guided_programmes,
        name="guided_programmes",
    ),
    path(
        "office/programmes/<int:pk>/guided/new/",
        views.programme_create,
        name="programme_create",
    ),
    path("guidance/<int:pk>/", views.guidance_detail, name="guidance_detail"),
    path("guidance/<int:pk>/file/", views.guidance_file, name="guidance_file"),
    # Leading group
    path("rounds/<int:pk>/rules/", views.approve_rules, name="approve_rules"),
    path(
        "programmes/<int:pk>/rules/",
        views.approve_programme_rules,
        name="approve_programme_rules",
    ),
    # Everyone who takes part in the review (R12)
    path("rounds/<int:pk>/commitment/", views.sign_commitment, name="sign_commitment"),
]
