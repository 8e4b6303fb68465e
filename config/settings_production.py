"""Production settings: everything of ``settings`` plus the deployment checklist."""

from config.settings import *  # noqa: F403
from config.settings import env

DEBUG = False
# The demo data and its commands are for `make run` and the tests, never a deployment.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "demo"]  # noqa: F405
# The admin's log-in page is not public: no /django-admin/ unless ADMIN_ENABLED=1 (for the time
# an administrator needs it), and even then only a user who passed the second factor gets in.
ADMIN_ENABLED = env.bool("ADMIN_ENABLED", default=False)
INSTALLED_APPS = [
    "config.admin_site.SecondFactorAdminConfig" if app == "django.contrib.admin" else app
    for app in INSTALLED_APPS
]
SECRET_KEY = env.str("SECRET_KEY")
# The checkpoint signing key is installed by the operator (docs/security.md), never generated.
DECISION_LOG_GENERATE_KEY = env.bool("DECISION_LOG_GENERATE_KEY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    # The private folder, or the object store when AWS_STORAGE_BUCKET_NAME is set (settings).
    "default": STORAGES["default"],  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False  # the files collected into the image, never the source folders
WHITENOISE_AUTOREFRESH = False
# Webhooks leave only over HTTPS and never for this machine or the internal network (SSRF),
# unless the operator allows a private receiver (an internal government system) explicitly.
WEBHOOK_REQUIRE_HTTPS = True
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
