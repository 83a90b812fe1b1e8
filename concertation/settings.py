"""Settings of the Concertation portal, read from the environment.

Defaults give a self-contained development site: SQLite, tasks run
in-process, local-memory cache, mail printed on the console. Production is
switched on with DJANGO_ENV=production; every variable is listed in
.env.example.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# ------------------------------------------------------------------------------
# Environment
# ------------------------------------------------------------------------------
DJANGO_ENV = env("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
# Signs sessions and tokens on development sites only. It is public (it is in
# the source code), so production refuses it even though it is long enough.
DEVELOPMENT_SECRET_KEY = "development-only-key-never-use-in-production-0123456789"


def production_site_url(site_url: str, allowed_hosts: list[str]) -> str:
    """SITE_URL as production needs it: the https origin of a host the site
    answers to. Mail sent by background tasks links to it; a wrong one sends
    every reader of a newsletter or a reminder to another server."""
    parts = urlsplit(site_url)
    problem = ""
    if parts.scheme != "https" or not parts.hostname:
        problem = "must start with https:// and name the host"
    elif parts.path.strip("/") or parts.query or parts.fragment:
        problem = "must be the site's origin, without a path"
    elif not validate_host(parts.hostname, allowed_hosts):
        problem = "must name one of DJANGO_ALLOWED_HOSTS"
    if problem:
        raise ImproperlyConfigured(
            f"SITE_URL {problem} (for example https://portal.example.org), "
            f"not {site_url!r}."
        )
    return site_url.rstrip("/")


if PRODUCTION:
    missing = [
        name
        for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "SITE_URL")
        if not env(name)
    ]
    if missing:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs these environment variables: "
            + ", ".join(missing)
            + ". See .env.example."
        )
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is the development key published with the source "
            "code: anyone could forge sessions and links with it. Generate one "
            "with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be at least 50 characters with at least 5 "
            "distinct ones; generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    DEBUG = False
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    # Absolute address of the site, for links in mail and files made outside a
    # request (Celery tasks, commands); pages and mail sent while answering a
    # request use it too, so a forged Host header never reaches a link.
    SITE_URL = production_site_url(env("SITE_URL"), ALLOWED_HOSTS)
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    DEBUG = env_bool("DJANGO_DEBUG", True)
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    # Outside a request only (tasks, commands, the data files): `make run
    # PORT=...` sets it to the server's own address. Links made while answering
    # a request use the address the browser asked for (kernel.links).
    SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
INSTALLED_APPS = [
    "concertation.admin_site.PortalAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "simple_history",
    "import_export",
    "concertation",
    "organizations",
    "inventory",
    "opendata",
    "outreach",
    "newsletter",
    "forum",
    "resources",
    "editions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses HTML and JSON (with Django's BREACH mitigation); static files
    # are compressed ahead of time by WhiteNoise.
    "django.middleware.gzip.GZipMiddleware",
    # Before WhiteNoise and LocaleMiddleware, so static files and language
    # redirects carry the policy and the frame denial too.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "concertation.urls"
WSGI_APPLICATION = "concertation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database
# ------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60"))
        )
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# ------------------------------------------------------------------------------
# Cache and Celery
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, except that an unreachable Redis is a miss,
            # not an error: saves and pages go on during an outage.
            "BACKEND": "kernel.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "concertation"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages as anonymous visitors see them, kept in the cache at most this
# long (kernel/pagecache.py; changes to the data replace them at once).
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))

# The admin import's preview and confirm may reach different hosts: keep the
# uploaded file in the shared cache when there is one.
if REDIS_URL:
    IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without a broker, tasks run in-process when they are queued.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# Without a broker, a task queued with a countdown runs in a background thread
# of the process once the countdown has passed (kernel/queue.py). False
# keeps such tasks waiting until tasks_run_pending() is called (the tests).
DEFERRED_TASKS_IN_THREADS = env_bool("DEFERRED_TASKS_IN_THREADS", True)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = int(env("CELERY_TASK_TIME_LIMIT", "600"))
CELERY_TASK_SOFT_TIME_LIMIT = int(env("CELERY_TASK_SOFT_TIME_LIMIT", "540"))
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when the broker is down: the request goes on and the sweep catches up.
# max_retries=0: a task queued from a request makes one connection attempt instead
# of retrying for about 6 s (the worker and beat keep retrying on their own).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 0,
}
CELERY_BEAT_SCHEDULE = {
    # Rebuilds whatever is still marked dirty (e.g. queued while Redis was down).
    # Every 30 s: with the worker's and beat's reconnection backoff (at most 30 s)
    # the synthesis is current within 60 s of Redis coming back. A sweep with
    # nothing dirty costs one query.
    "synthesis-sweep": {"task": "inventory.rebuild_synthesis", "schedule": 30},
    # Daily; each MHO is reminded at most once a week (see inventory.services).
    "data-files-sweep": {"task": "inventory.build_data_files", "schedule": 300},
    "newsletter-resume": {"task": "newsletter.dispatch_resume_stale", "schedule": 300},
    "campaign-reminders": {
        "task": "inventory.send_campaign_reminders",
        "schedule": 60 * 60 * 24,
    },
}

# ------------------------------------------------------------------------------
# Read-only API
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", "120/minute")},
    "UNAUTHENTICATED_USER": None,
    # Behind nginx set 1, so the limit counts clients, not the proxy.
    "NUM_PROXIES": int(env("API_NUM_PROXIES", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Concertation open data API",
    "DESCRIPTION": (
        "Read-only access to the inventory of mutual health organizations in "
        "Africa and its synthesis tables. Free to reuse on condition that the "
        "Concertation is cited as the source."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
}

# ------------------------------------------------------------------------------
# Users and authentication
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "concertation.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, refusing demonstration accounts in production and
    # telling unconfirmed accounts what to do.
    "concertation.backends.AccountBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "account"
LOGOUT_REDIRECT_URL = "home"
# The technical secretariat's group: its permissions (concertation.permissions)
# and the mail about proposals to moderate (kernel.moderation).
SECRETARIAT_GROUP = "Secretariat"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# django-axes: lock an account after repeated failures from one address.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = env_bool("AXES_VERBOSE", False)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# One failure count per account however its e-mail address is capitalised.
AXES_USERNAME_CALLABLE = "kernel.security.login_username"
# The client address: REMOTE_ADDR or, with LOGIN_NUM_PROXIES reverse proxies in
# front, the entry of X-Forwarded-For that the client-facing proxy wrote. Axes'
# own AXES_IPWARE_* settings would need django-ipware, which is not installed.
# Empty, it follows API_NUM_PROXIES; see docs/security.md.
AXES_CLIENT_IP_CALLABLE = "kernel.security.client_ip_address"
LOGIN_NUM_PROXIES = int(env("LOGIN_NUM_PROXIES") or env("API_NUM_PROXIES") or "0")

# ------------------------------------------------------------------------------
# Internationalization
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# French digit grouping by a narrow no-break space (concertation/formats/fr).
FORMAT_MODULE_PATH = ["concertation.formats"]
TIME_ZONE = "Africa/Dakar"
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------
# Static and media files
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Outside production WhiteNoise serves the source folders directly, so no
# collectstatic is needed for `make run` or the tests.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Uploads (resources, forum proceedings, newsletter PDFs) go to MEDIA_ROOT, or
# to an S3-compatible bucket with STORAGE_BACKEND=s3 (pip install '.[s3]').
# The bucket stays private: files are served by the views that check
# publication. boto3 reads the credentials (AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY) from the environment itself.
STORAGE_BACKEND = env(
    "STORAGE_BACKEND", "s3" if env("AWS_STORAGE_BUCKET_NAME") else "filesystem"
)
if STORAGE_BACKEND == "s3":
    if not env("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "location": env("AWS_LOCATION"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND == "filesystem":
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(
        f"STORAGE_BACKEND must be filesystem or s3, not {STORAGE_BACKEND!r}."
    )
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# ------------------------------------------------------------------------------
# E-mail
# ------------------------------------------------------------------------------
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
    EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Concertation <concemut@orange.sn>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Seconds to wait after a data change before building the open-data files
# (changes in the meantime join the same build).
DATA_BUILD_COUNTDOWN = int(env("DATA_BUILD_COUNTDOWN", "60"))
# At most one build per this many seconds, however many changes arrive; a
# build due sooner is queued again for then, never dropped.
DATA_BUILD_MIN_INTERVAL = int(env("DATA_BUILD_MIN_INTERVAL", "60"))
# Where the open-data files are built; empty: MEDIA_ROOT/data. Always a local
# (or shared) folder, also with S3 storage: the web servers read it.
DATA_ROOT = env("DATA_ROOT")
# How long a build holds its lock at most (the longest build, about 4 minutes
# at 500,000 records, well within): a worker killed mid-build delays the next
# build by this much at most.
DATA_BUILD_LOCK_SECONDS = int(env("DATA_BUILD_LOCK_SECONDS", str(30 * 60)))
# Behind nginx: the internal location that serves DATA_ROOT (e.g.
# /_data_files/). The /data/ views then answer with X-Accel-Redirect and
# nginx sends the file; empty: Django streams it.
DATA_FILES_ACCEL_REDIRECT = env("DATA_FILES_ACCEL_REDIRECT")

# ------------------------------------------------------------------------------
# Newsletter dispatch
# ------------------------------------------------------------------------------
NEWSLETTER_FROM_EMAIL = env("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
NEWSLETTER_BATCH_SIZE = int(env("NEWSLETTER_BATCH_SIZE", "50"))
NEWSLETTER_RATE_PER_MINUTE = int(env("NEWSLETTER_RATE_PER_MINUTE", "600"))
# A delivery claimed longer ago than this is taken back (keep above EMAIL_TIMEOUT).
NEWSLETTER_STALE_SECONDS = int(env("NEWSLETTER_STALE_SECONDS", "900"))
NEWSLETTER_MAX_ATTEMPTS = int(env("NEWSLETTER_MAX_ATTEMPTS", "3"))
# Seconds a subscription confirmation link stays valid (a week).
NEWSLETTER_CONFIRM_MAX_AGE = int(env("NEWSLETTER_CONFIRM_MAX_AGE", str(7 * 24 * 3600)))
# The largest PDF edition of an issue the admin accepts, in bytes.
NEWSLETTER_PDF_MAX_BYTES = int(env("NEWSLETTER_PDF_MAX_BYTES", str(20 * 1024 * 1024)))

# ------------------------------------------------------------------------------
# Security
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Everything the pages load comes from the portal itself, and no inline script or
# style runs (see docs/security.md; the API docs page loads its script as a file).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# ------------------------------------------------------------------------------
# Logging
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # The fact sheets: WeasyPrint logs each step of every rendering.
        "weasyprint": {"level": "WARNING"},
    },
}
