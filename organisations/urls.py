"""Organisations' users: colleagues, invitations, e-mail verification (organisations:<name>)."""

from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("members/", views.members, name="members"),
    path("members/invite/", views.invite, name="invite"),
    path("join/<str:token>/", views.join, name="join"),
    path("verify-email/resend/", views.resend_verification, name="resend_verification"),
    path("verify-email/<str:token>/", views.verify, name="verify_email"),
]
