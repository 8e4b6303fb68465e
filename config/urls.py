from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from awards import views as award_views

urlpatterns = [
    path("", award_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("", include("awards.urls")),
    path("", include("applications.urls")),
    path("organisation/", include("organisations.urls")),
    path("", include("experts.urls")),
    path("", include("reviews.urls")),
    path("", include("publicity.urls")),
    path("", include("grants.urls")),
    path("", include("sanctions.urls")),
    path("notifications/", include("notifications.urls")),
    # The public forms' captcha images and their spoken form (publicity.captcha).
    path("captcha/", include("captcha.urls")),
    path("", include("monitoring.urls")),
    path("", include("archives.urls")),
    path("", include("webhooks.urls")),
    *([path("django-admin/", admin.site.urls)] if settings.ADMIN_ENABLED else []),
]
