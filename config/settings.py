"""Settings for the quality-award portal, read from the environment (django-environ).

Defaults are the embedded set-up a newcomer gets with ``make run``: SQLite in ``var/``
(WAL, immediate transactions) and Celery on kombu's filesystem transport, so a real worker
and beat run with no Redis. Production sets ``DATABASE_URL`` and ``REDIS_URL``
(see ``config/settings_production.py`` and ``docker-compose.yml``).
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_celery_beat",
    "captcha",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Project apps, in dependency order.
    "common",
    "decisionlog",
    "accounts",
    "organisations",
    "notifications",
    "awards",
    "experts",
    "applications",
    "reviews",
    "publicity",
    "grants",
    "sanctions",
    "monitoring",
    "archives",
    "api",
    "webhooks",
    # Demo data and its commands (load_demo, print_demo_logins, demo_otp_codes): last, as it
    # builds on every app; config.settings_production leaves it out.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.csp.CSPMiddleware",  # django-csp's, the policy built once
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.LanguageMiddleware",  # Django's LocaleMiddleware, Chinese by default
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SecondFactorStateMiddleware",  # django-otp's, device read once
    "django.contrib.messages.middleware.MessageMiddleware",  # kept in the session (below)
    "accounts.middleware.SessionTimeoutMiddleware",
    # After the timeout (an ended session is not asked for a code) and OTPMiddleware.
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a lockout raised during login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and a worker share the file: WAL lets readers run beside the writer, and
    # IMMEDIATE transactions take the write lock up front instead of failing mid-transaction.
    # A writer waits up to ``timeout`` seconds for the lock (SQLite's busy timeout): far longer
    # than any write transaction the portal holds, since rendering, watermarks, workbooks and
    # e-mail run outside transactions (common.transactions).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=30),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Long work (a PDF, a watermark, a workbook, an e-mail) started inside a transaction: "raise"
# refuses it (common.transactions.LongWorkInTransaction), "log" logs an error and goes on.
LONG_WORK_IN_TRANSACTION = env.str("LONG_WORK_IN_TRANSACTION", default="raise")

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: django-axes refuses a locked-out user name + address before any password check.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with the signed-in user's row read through the cache (accounts.backends).
    "accounts.backends.CachedUserBackend",
]
# How long the signed-in user's row stays in the cache between changes (0: read it from the
# database on every request, as Django does).
AUTH_USER_CACHE_SECONDS = env.int("AUTH_USER_CACHE_SECONDS", default=300)
# Logged-in pages kept as rendered per session while nothing they read changes (common.kept_pages):
# with Redis (the embedded default's file cache culls at 300 entries: it renders every page).
KEPT_PAGES = env.bool("KEPT_PAGES", default=bool(env.str("REDIS_URL", default="")))
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes): AXES_FAILURE_LIMIT failed logins for one user name from one
# address lock that pair for AXES_COOLOFF_MINUTES; a successful login clears the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS: list[str] = []  # the security log names the user name and address
AXES_CLIENT_IP_CALLABLE = "accounts.http.client_address"  # honours NUM_PROXIES
AXES_LOCKOUT_CALLABLE = "accounts.views.home.lockout"
AXES_HTTP_RESPONSE_CODE = 429
# A change of password asks for a second-factor code again once this long has passed since the
# session last gave one (accounts.second_factor.fresh_check_needed).
SECOND_FACTOR_FRESH_SECONDS = env.int("SECOND_FACTOR_FRESH_SECONDS", default=600)
# Password resets an hour from one client address, and links e-mailed to one address an hour;
# registrations an hour from one client address, and tries of one user name an hour
# (accounts.throttles).
PASSWORD_RESET_RATE_LIMIT = env.int("PASSWORD_RESET_RATE_LIMIT", default=10)
PASSWORD_RESET_ACCOUNT_RATE_LIMIT = env.int("PASSWORD_RESET_ACCOUNT_RATE_LIMIT", default=3)
REGISTRATION_RATE_LIMIT = env.int("REGISTRATION_RATE_LIMIT", default=10)
REGISTRATION_USERNAME_RATE_LIMIT = env.int("REGISTRATION_USERNAME_RATE_LIMIT", default=3)
AXES_VERBOSE = False  # no start-up banner on every manage.py command; lockouts are still logged

# Sessions: a fresh key on login (Django), ended on logout, on deactivation and, for the other
# sessions, on password change; ended after IDLE_TIMEOUT_MINUTES without a request and
# ABSOLUTE_TIMEOUT_HOURS after login (accounts.middleware.SessionTimeoutMiddleware).
IDLE_TIMEOUT_MINUTES = env.int("IDLE_TIMEOUT_MINUTES", default=30)
ABSOLUTE_TIMEOUT_HOURS = env.int("ABSOLUTE_TIMEOUT_HOURS", default=12)
SESSION_COOKIE_AGE = IDLE_TIMEOUT_MINUTES * 60
# The middleware renews the session at most once a minute instead of on every request
# (SESSION_SAVE_EVERY_REQUEST), so reading a page writes nothing to the database.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
# Messages ("saved", "your session has ended") are kept in the session, which a logged-in request
# has read already: Django's default tries a signed cookie first, and set up that cookie's signer
# on every request, pages without a message included.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# With Redis, each process keeps a session it read (with its user's row) for this many seconds
# at most, until Redis says it changed (accounts.sessions, common.redis_tracking); 0: read it
# from Redis on every request.
SESSION_LOCAL_SECONDS = env.int("SESSION_LOCAL_SECONDS", default=30)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 60 * 60)

# The Django admin (/django-admin/): served in development; under settings_production only when
# ADMIN_ENABLED=1, and then it asks for the second factor too.
ADMIN_ENABLED = env.bool("ADMIN_ENABLED", default=True)

# Second factor (django-otp, TOTP + backup codes; accounts.second_factor): required for these
# roles, for leading-group members where the programme's policy says so (office page), optional
# for everyone else. OTP_ENFORCED=False switches the verification step off altogether (the
# test suite's default; tests of the step turn it on).
OTP_ENFORCED = env.bool("OTP_ENFORCED", default=True)
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=["office", "expert"])
OTP_TOTP_ISSUER = "赣州市市长质量奖"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

# --- Static and private files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS: list[tuple[str, Path] | Path] = [BASE_DIR / "static"]
# Front-end libraries come from pinned npm packages (package-lock.json), served locally.
_NODE = BASE_DIR / "node_modules"
for _prefix, _path in [
    ("vendor/bootstrap", _NODE / "bootstrap" / "dist"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
    ("vendor/chartjs", _NODE / "chart.js" / "dist"),
]:
    if _path.is_dir():
        STATICFILES_DIRS.append((_prefix, _path))
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves the static files straight from their folders, DEBUG on or off (`make run`
# runs with DEBUG off and no collectstatic); production serves the collected, hashed files.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Uploads go through Django's storage API: a private local folder by default, an S3-compatible
# object store (private objects, short-lived signed URLs) when AWS_STORAGE_BUCKET_NAME is set,
# so several web hosts share the files.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default="private"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,
            "signature_version": "s3v4",
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path"),
            "object_parameters": {"ContentDisposition": "attachment"},
        },
    }
# Uploads live outside any web root and are served only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
MEDIA_URL = "/private-media-not-served/"
UPLOAD_MAX_FILE_BYTES = env.int("UPLOAD_MAX_FILE_BYTES", default=50 * 1024 * 1024)
UPLOAD_MAX_DOSSIER_BYTES = env.int("UPLOAD_MAX_DOSSIER_BYTES", default=500 * 1024 * 1024)
# A DOCX/XLSX whose members expand to more than this in total is refused (bench/watermark_memory.py).
UPLOAD_MAX_OFFICE_EXPANDED_BYTES = env.int(
    "UPLOAD_MAX_OFFICE_EXPANDED_BYTES", default=100 * 1024 * 1024
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Celery -------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
else:
    # No Redis: kombu's filesystem transport keeps messages in var/celery, so `make run`
    # still starts a real worker and beat. Its control folder (exchange bindings) would
    # otherwise be control/ in the current directory (docs/architecture.md, pitfall 19).
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Long documents built in the background (common.built_documents): how long a download waits
# for a short one before showing its progress, and when a build nobody finished is queued again.
BUILT_DOCUMENT_WAIT_SECONDS = env.float("BUILT_DOCUMENT_WAIT_SECONDS", default=2.0)
BUILT_DOCUMENT_STALE_SECONDS = env.int("BUILT_DOCUMENT_STALE_SECONDS", default=360)
# The beat schedule lives in the database (django-celery-beat, editable in the admin); the
# entries below are its defaults, written when no periodic task of that name exists yet.
CELERY_BEAT_SCHEDULER = "config.beat:SeededDatabaseScheduler"
# Deadlines live in the database; beat only wakes the idempotent sweep (never a long ETA).
DEADLINE_SWEEP_SECONDS = env.int("DEADLINE_SWEEP_SECONDS", default=30)
CELERY_BEAT_SCHEDULE = {
    "sweep-deadlines": {
        "task": "awards.sweep_deadlines",
        "schedule": DEADLINE_SWEEP_SECONDS,
    },
    # The notifications outbox: retries failed sends with backoff (notifications/services.py).
    "sweep-outbox": {
        "task": "notifications.sweep_outbox",
        "schedule": DEADLINE_SWEEP_SECONDS,
    },
    # Webhook deliveries: retries failed attempts with backoff (webhooks/services/delivery.py).
    "sweep-webhooks": {
        "task": "webhooks.sweep_deliveries",
        "schedule": DEADLINE_SWEEP_SECONDS,
    },
    # Winners' obligations that became overdue or unplanned, notified once (monitoring/).
    "sweep-obligation-flags": {
        "task": "monitoring.sweep_obligation_flags",
        "schedule": env.int("MONITORING_SWEEP_SECONDS", default=3600),
    },
    # Consultation replies: a reminder before the reply date, a notice once overdue.
    "sweep-consultation-reminders": {
        "task": "applications.sweep_consultation_reminders",
        "schedule": env.int("CONSULTATION_REMINDER_SWEEP_SECONDS", default=3600),
    },
}

# --- Webhooks (docs/webhooks.md) ---------------------------------------------------------------
# One attempt waits at most this long for the receiver (connect, then each read).
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=5)
# Attempts before a delivery is marked failed; the waits between them double from the base.
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_BACKOFF_SECONDS = env.int("WEBHOOK_BACKOFF_SECONDS", default=60)
# Development and tests post to receivers on this machine over plain HTTP; production
# (settings_production) requires HTTPS and refuses private and loopback addresses (SSRF).
WEBHOOK_REQUIRE_HTTPS = env.bool("WEBHOOK_REQUIRE_HTTPS", default=False)
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=True)
# The Fernet key that encrypts the subscriptions' signing secrets at rest; when empty, a key
# derived from SECRET_KEY (then rotating SECRET_KEY means new secrets for every subscription).
WEBHOOK_ENCRYPTION_KEY = env.str("WEBHOOK_ENCRYPTION_KEY", default="")
# PIPL: the Fernet key that encrypts personal identifiers (an individual nominee's national ID
# number) at rest; when empty, a key derived from SECRET_KEY. Keep it apart from the database
# backups in production.
FIELD_ENCRYPTION_KEY = env.str("FIELD_ENCRYPTION_KEY", default="")

# --- Cache (rate limits, sessions' helpers): shared Redis when there is one ----------------
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "common.redis_cache.RedisCache",  # one Redis client per pool
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "award",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
# Rate limits (common.ratelimit) count in Redis when there is one, else in a locked table row.
RATE_LIMIT_REDIS_URL = env.str("RATE_LIMIT_REDIS_URL", default=REDIS_URL)
# Sessions are read from the cache (Redis, or the embedded default's file cache, both shared by
# every process) and written through to the database, so any web process serves any user and a
# lost cache logs nobody out. Sessions end through authentication (the password hash and
# is_active are checked on every request against the user's row, which accounts.backends drops
# from the cache on every change), never by deleting rows behind the cache's back.
SESSION_ENGINE = "accounts.sessions"  # cached_db, with the user read in the same round trip
# The trusted reverse proxies in front of gunicorn, each appending the address it saw to
# X-Forwarded-For: the client's address is the entry NUM_PROXIES places from the right
# (accounts.http.client_address; django-axes and the public forms' rate limits use it).
# 0 (the default, `make run`): the peer's address. docker-compose's nginx: 1 (gunicorn must then
# be reachable through the proxy alone, or a forged header picks the address); one more for each
# load balancer in front that appends its own. See docs/operations.md.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# --- E-mail -------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="市长质量奖办公室 <award-office@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Decision-log checkpoints (R14, docs/security.md) ---------------------------------------
# The Ed25519 private key that signs the log's checkpoints lives in this file, never in the
# database (PEM, PKCS#8, readable by the portal's user alone). Embedded (`make run`, tests) it
# is generated here on first use; production sets DECISION_LOG_GENERATE_KEY off and installs
# the key itself (config/settings_production.py).
DECISION_LOG_SIGNING_KEY_FILE = Path(
    env.str(
        "DECISION_LOG_SIGNING_KEY_FILE", default=str(VAR_DIR / "decisionlog" / "signing-key.pem")
    )
)
DECISION_LOG_GENERATE_KEY = env.bool("DECISION_LOG_GENERATE_KEY", default=True)
# The public keys verify trusts: every <key id>.pem here, besides the signing key's own. Key
# rotation leaves the old public key here, so the old checkpoints stay verifiable.
DECISION_LOG_PUBLIC_KEYS_DIR = Path(
    env.str("DECISION_LOG_PUBLIC_KEYS_DIR", default=str(VAR_DIR / "decisionlog" / "public-keys"))
)
# A checkpoint is signed after this many rows, and at every change of a round's stage.
DECISION_LOG_CHECKPOINT_EVERY = env.int("DECISION_LOG_CHECKPOINT_EVERY", default=100)

# --- Portal -------------------------------------------------------------------------------
# The portal's name and who runs it, in Chinese and English (header, footer, page titles): one
# installation hosts a city's award and its counties', so it is named for the place.
PORTAL_NAME = env.str("PORTAL_NAME", default="赣州市质量奖评审工作平台")
PORTAL_NAME_EN = env.str("PORTAL_NAME_EN", default="Ganzhou Quality Award Portal")
PORTAL_OPERATOR = env.str("PORTAL_OPERATOR", default="赣州市质量强市工作领导小组办公室")
PORTAL_OPERATOR_EN = env.str(
    "PORTAL_OPERATOR_EN", default="Office of the Ganzhou Quality City Leading Group"
)
# The public address (QR codes, links in e-mails). Unset, it is the local address `make run`
# serves on: 127.0.0.1 and PORT (default 8000).
PORTAL_BASE_URL = env.str(
    "PORTAL_BASE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}"
)
# Art. 24: the winner's annual report is reminded this many days before its due date (then on
# the day and the day after).
ANNUAL_REPORT_REMINDER_DAYS = env.int("ANNUAL_REPORT_REMINDER_DAYS", default=14)
CERTIFICATE_FONT_FAMILY = '"Noto Serif CJK SC", "HanaMinA", "HanaMinB", serif'

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it via the meta tag, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy (django-csp 4): no inline script or style, nothing from elsewhere.
# htmx's own indicator style is switched off in base.html (meta htmx-config) and lives in
# static/css/portal.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# The REST API (api/, docs/api.md): keys only (no session: a browser's cookie never reaches
# it), JSON only, paged, the errors in the portal's language with a code.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["api.filters.KnownParametersOnly"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "api.errors.handle_exception",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Government Quality Award portal API / 政府质量奖门户接口",
    "DESCRIPTION": (
        "供其他政府系统使用的接口：公开数据、评审办公室的数据、部门征求意见的答复。"
        "说明见 docs/api.md。 / The API for other government systems: public data, the "
        "office's data, the departments' consultations. Guide: docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.text_without_nul",
    ],
    # One name per choice set, however many fields use it.
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "applications.enums.ApplicationStatus",
        "ConsultationResultEnum": "applications.enums.ConsultationResult",
        "EligibilityConditionEnum": "applications.enums.EligibilityCondition",
        "GrantStatusEnum": "grants.enums.GrantStatus",
        "BanReasonEnum": "grants.enums.BanReason",
        "PrizeLevelEnum": "awards.enums.PrizeLevel",
        "RoundStageEnum": "awards.enums.RoundStage",
        "SectorEnum": "organisations.enums.Sector",
        "RevocationStatusEnum": "sanctions.enums.RevocationStatus",
        "RevocationGroundEnum": "sanctions.enums.RevocationGround",
    },
}
# Public API endpoints: requests a minute per client address (common.ratelimit).
API_PUBLIC_RATE_LIMIT = env.int("API_PUBLIC_RATE_LIMIT", default=120)

# The public forms' captcha (django-simple-captcha, publicity.captcha): images drawn here, no
# outside service. The spoken form needs the flite program (Debian package "flite"); without it
# only the image is offered. CAPTCHA_TEST_MODE is set by the tests alone (tests/conftest.py).
CAPTCHA_IMAGE_SIZE = (120, 50)
CAPTCHA_FONT_SIZE = 30
CAPTCHA_TIMEOUT = 30  # minutes: time to write the grounds of an objection
CAPTCHA_FLITE_PATH = env.str("CAPTCHA_FLITE_PATH", default=shutil.which("flite") or "") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
