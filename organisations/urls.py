"""Organisations' users: colleagues, invitations, e-mail verification; the office's
recommending units (organisations:<name>)."""

from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("members/", views.members, name="members"),
    path("members/invite/", views.invite, name="invite"),
    # The administrator cancels a colleague's invitation or sends it again (cancel, resend).
    path(
        "members/invitations/<int:invitation_pk>/<slug:action>/",
        views.colleague_invitation_action,
        name="colleague_invitation",
    ),
    path("join/<str:token>/", views.join, name="join"),
    # A programme's office and leading group, invited by the operator or the guiding city office.
    path(
        "programmes/<int:pk>/accounts/",
        views.programme_accounts,
        name="programme_accounts",
    ),
    # Its inviter cancels an invitation or sends it again (action: cancel, resend).
    path(
        "programmes/<int:pk>/accounts/invitations/<int:invitation_pk>/<slug:action>/",
        views.programme_invitation_action,
        name="programme_invitation",
    ),
    path("programmes/join/<str:token>/", views.join_programme, name="join_programme"),
    path("verify-email/resend/", views.resend_verification, name="resend_verification"),
    path("verify-email/<str:token>/", views.verify, name="verify_email"),
    # The office's recommending units (推荐单位) and their users (Art. 12, 28).
    path("office/recommenders/", views.recommender_list, name="recommender_list"),
    path("office/recommenders/new/", views.recommender_create, name="recommender_create"),
    path("office/recommenders/<int:pk>/", views.recommender_edit, name="recommender_edit"),
    path(
        "office/recommenders/<int:pk>/active/",
        views.recommender_set_active,
        name="recommender_set_active",
    ),
    path(
        "office/recommenders/<int:pk>/users/add/",
        views.recommender_user_add,
        name="recommender_user_add",
    ),
    path(
        "office/recommenders/<int:pk>/users/<int:user_pk>/remove/",
        views.recommender_user_remove,
        name="recommender_user_remove",
    ),
]
