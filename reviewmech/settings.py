"""Settings for reviewmech: one module, configured from the environment.

Every variable is documented in the README ("Configuration"). With no environment at all
the project runs embedded: SQLite under ``var/``, a Celery broker on the filesystem under
``var/celery`` (no Redis needed), e-mail printed on the console.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The embedded default is for a developer's machine; production must set its own key.
# The default is for a developer's machine only; `check --deploy` flags it (production sets one).
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="django-insecure-embedded-default-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "reviewmech",
    "reference",
    "documents",
    "accounts",
    "reviews",
    "sessions.apps.IrgSessionsConfig",
    "ngo_briefings",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A body announced larger than REQUEST_MAX_BYTES is refused before it is read.
    "reviewmech.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.session_control.SessionLimitsMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with our page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reviewmech.urls"
WSGI_APPLICATION = "reviewmech.wsgi.application"

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
                "reviewmech.context_processors.languages",
            ],
        },
    },
]

# --- Cache -------------------------------------------------------------------------------------
# The cache of the public pages and of the freshness counter (``reviewmech/freshness.py``):
# local memory by default (correct on any number of processes: each request reads the counter
# from the database); Redis in the production shape, so the workers share the pages and the
# counter (no query for a cached page).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "reviewmech.cache.ReusingRedisCache"  # one client per pool

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'reviewmech.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker write to the same file: WAL lets readers go on while one
    # writes, IMMEDIATE takes the write lock at BEGIN so two writers queue instead of failing.
    # A file, not memory, so that a worker process started by a test sees the test database.
    # TEST_SQLITE_NAME lets two test runs on one machine keep apart.
    DATABASES["default"]["TEST"] = {
        "NAME": env.str("TEST_SQLITE_NAME", default=str(VAR_DIR / "test-reviewmech.sqlite3"))
    }
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.MultilingualCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------------
# The six official languages of the United Nations, in the UN's order. Names are autonyms:
# the switcher shows each language in itself.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
RTL_LANGUAGES = {"ar"}
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
LANGUAGE_COOKIE_NAME = "reviewmech_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded and rendered files: the local file system under MEDIA_ROOT (default), or an
# S3-compatible object store shared by web and workers on different hosts (MEDIA_STORAGE=s3,
# django-storages; the bucket is private: every file is served through the site's own views,
# which check who may read it). See reviewmech/storage.py and the README.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    _MEDIA_BACKEND = {
        "BACKEND": "reviewmech.storage.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("MEDIA_S3_BUCKET"),
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("MEDIA_S3_REGION", default=None),
            "access_key": env.str("MEDIA_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("MEDIA_S3_SECRET_ACCESS_KEY", default=None),
            "location": env.str("MEDIA_S3_PREFIX", default=""),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "local":
    _MEDIA_BACKEND = {"BACKEND": "reviewmech.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}.")
# Files and folders readable by the web process when it runs as another user than the workers.
FILE_UPLOAD_PERMISSIONS = 0o644
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755
STORAGES = {
    "default": _MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start without it

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="reviewmech <no-reply@reviewmech.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost/")
CELERY_BROKER_DIR = Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "celery")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    # A message a worker took but did not acknowledge (it died) goes back to the queue after this:
    # just above the longest task time limit (CELERY_TASK_TIME_LIMIT) plus the longest retry
    # delay, not an hour; the sweeper below covers a message that was never sent at all.
    # A web request that sends a message tries to reach the broker twice, not for seconds
    # (kombu's default): the sweepers send later what could not be sent now.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600 + 300 + 60, "max_retries": 1, "interval_start": 0}
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
# Two queues: "default" for mail and housekeeping, "pdf" for rendering, so PDF work can be
# given its own workers (see docker-compose.yml) without delaying the rest.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"*.render_*": {"queue": "pdf"}}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=200)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A message is sent once: with the broker down a request fails to enqueue at once instead of
# waiting through connection retries; what must happen is recorded in the database and swept.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE = {
    # Reminders before indicative dates and the secretariat's overdue digest, each sent once.
    "reviews-deadline-reminders": {
        "task": "reviews.send_deadline_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # The access log forgets its entries after ACCESS_LOG_DAYS.
    "purge-access-log": {
        "task": "accounts.purge_access_log",
        "schedule": crontab(hour=3, minute=30),
    },
    # Renditions whose message was lost (a broker down when they were asked for) or whose worker
    # died are sent again (documents.services.renditions.renditions_sweep).
    "sweep-renditions": {
        "task": "documents.sweep_renditions",
        "schedule": 60.0,
    },
    # Events still owing their e-mails (the broker was down) send them again.
    "sweep-notifications": {
        "task": "reviews.sweep_notifications",
        "schedule": 60.0,
    },
    # Files that no row names (a process killed between writing and recording them) go after a day.
    "cleanup-media": {
        "task": "reviewmech.cleanup_media",
        "schedule": crontab(day_of_week="sun", hour=4, minute=10),
    },
    # The REST API forgets the answers kept for idempotency keys after 24 hours.
    "purge-idempotency-keys": {
        "task": "reviewmech.purge_idempotency_keys",
        "schedule": crontab(minute=17),
    },
}
# Days before a step's indicative date when the people on the review are reminded of it.
REVIEW_REMINDER_DAYS = env.int("REVIEW_REMINDER_DAYS", default=14)
# The largest document a focal point may attach to a checklist answer; how many one answer may
# have; how much all the attachments of one checklist may weigh.
CHECKLIST_ATTACHMENT_MAX_BYTES = env.int("CHECKLIST_ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
CHECKLIST_ATTACHMENTS_PER_ANSWER = env.int("CHECKLIST_ATTACHMENTS_PER_ANSWER", default=10)
CHECKLIST_ATTACHMENT_BYTES_PER_REVIEW = env.int("CHECKLIST_ATTACHMENT_BYTES_PER_REVIEW", default=500 * 1024 * 1024)
#: How long the link a nominated person activates their account with stays valid.
ACTIVATION_LINK_DAYS = env.int("ACTIVATION_LINK_DAYS", default=14)
#: The largest file of an issued document, per language.
DOCUMENT_FILE_MAX_BYTES = env.int("DOCUMENT_FILE_MAX_BYTES", default=50 * 1024 * 1024)
# The largest request body: the most anyone may upload at once (a registry file, or the ten
# attachments of a civil-society input) and a megabyte for the rest of the form
# (reviewmech.middleware.RequestSizeLimitMiddleware answers 413 before reading more).
REQUEST_MAX_BYTES = env.int(
    "REQUEST_MAX_BYTES",
    default=max(DOCUMENT_FILE_MAX_BYTES, 10 * CHECKLIST_ATTACHMENT_MAX_BYTES) + 1024 * 1024,
)
# The address of the site in links inside e-mails (the worker has no request to read it from).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["reviewmech.rest_policies.ReadOrStaffWrite"],
    "DEFAULT_PAGINATION_CLASS": "reviewmech.rest_policies.CursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["reviewmech.rest_policies.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "reviewmech.rest.problem_details_handler",
    "DEFAULT_THROTTLE_CLASSES": ["reviewmech.rest_policies.AnonThrottle", "reviewmech.rest_policies.TokenThrottle"],
    # "off" turns a throttle off (the load benchmark: a throttle keeps each client's requests of
    # the last period, a list as long as the rate allows).
    "DEFAULT_THROTTLE_RATES": {
        scope: None if rate == "off" else rate
        for scope, rate in (
            ("anon", env.str("API_THROTTLE_ANON", default="120/minute")),
            ("user", env.str("API_THROTTLE_USER", default="1200/minute")),
        )
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "reviewmech API",
    "DESCRIPTION": _(
        "Review status and published documents of the UNCAC and UNTOC review mechanisms. Anonymous "
        "clients read what is public; a personal token (Bearer) reads what its user may read. "
        "Errors are RFC 9457 problem details. No ranking of States: lists are ordered by neutral "
        "fields only."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "reviewmech.rest.problem_responses"],
    # The same choices under one name each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "reviewmech.settings.LANGUAGES",
        "ReviewStatusEnum": "reviews.models.CountryReview.Status",
        "ReportStatusEnum": "reviews.models.ReviewReport.Status",
        "TranslationStatusEnum": "reviews.models.ReportTranslation.Status",
    },
}

# --- Security -------------------------------------------------------------------------------
# Sign-in attempts (django-axes): after LOGIN_FAILURE_LIMIT failures for one account, or from one
# client address, that account or address is refused for LOGIN_COOLOFF_MINUTES, counted again
# from each refused attempt; the right password does not get through meanwhile. Attempts and
# sign-ins are kept in the database (the admin lists them).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Two-factor sign-in (django-otp: an authenticator app's codes, TOTP, and one-time recovery
# codes): required of these roles (and of superusers), optional for the others. TWO_FACTOR_EXEMPT
# lets the demo and the tests sign in without it; the deploy checks refuse it in production.
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES", default=["secretariat", "focal_point", "expert"])
TWO_FACTOR_EXEMPT = env.bool("TWO_FACTOR_EXEMPT", default=False)
OTP_TOTP_ISSUER = "reviewmech"
# Renditions: sent again when still queued after RENDITION_RESEND_MINUTES, or still rendering
# after the render's hard time limit and a minute (its worker died); failed after so many resends.
RENDITION_RESEND_AFTER = datetime.timedelta(minutes=env.int("RENDITION_RESEND_MINUTES", default=3))
RENDITION_DEAD_AFTER = datetime.timedelta(seconds=300 + 60)  # documents.tasks.RENDER_OPTIONS time_limit
RENDITION_MAX_RESENDS = env.int("RENDITION_MAX_RESENDS", default=5)
# The e-mails a review's event owes: sent again when still owed after NOTIFICATION_RESEND_MINUTES
# (then twice that, ...), given up (and logged) after so many resends.
NOTIFICATION_RESEND_AFTER = datetime.timedelta(minutes=env.int("NOTIFICATION_RESEND_MINUTES", default=3))
NOTIFICATION_MAX_RESENDS = env.int("NOTIFICATION_MAX_RESENDS", default=5)
# The access log (accounts.audit): sign-ins, second factors, rights, tokens, confidential
# downloads; kept this many days.
ACCESS_LOG_DAYS = env.int("ACCESS_LOG_DAYS", default=365)
# Sessions of the privileged roles end after so long without a request, and so long after
# sign-in however active (accounts.session_control); the others last SESSION_COOKIE_AGE (2 weeks).
SESSION_LIMITED_ROLES = env.list("SESSION_LIMITED_ROLES", default=["secretariat", "focal_point", "expert"])
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# Behind the production proxy, the client's address is the one it forwards.
AXES_IPWARE_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0) or None
# The password reset form: per client address, and per e-mail address (silently: the page never
# says whether an address has an account).
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=10)
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
PASSWORD_RESET_WINDOW_SECONDS = 3600

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles from the site's own files only — no
# inline script, style element or style attribute anywhere (HTMX is configured not to add its
# indicator styles); no framing; forms post to the site only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}
# Permissions-Policy (django-permissions-policy): no page needs the browser's sensors, camera,
# microphone, location or payment.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
if env.bool("DJANGO_SECURE", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a commitment browsers keep for months: an explicit choice of the
        # operator (DJANGO_SECURE_HSTS_PRELOAD=1), not a default; without it W021 is expected.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
