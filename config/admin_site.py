"""The Django admin of a deployment: its site admits only users who passed the second factor."""

from django.contrib.admin.apps import AdminConfig


class SecondFactorAdminConfig(AdminConfig):
    """``django.contrib.admin`` whose default site (``admin.site``) is django-otp's
    OTPAdminSite: its log-in page asks for the authenticator's code as well as the password,
    and a session that has not passed the second factor is sent back to it."""

    default_site = "django_otp.admin.OTPAdminSite"
