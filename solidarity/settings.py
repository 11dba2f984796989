"""
Settings for Solidarity: one file, configured by environment variables.

Every variable has a safe development default except the secret key, which
production must provide. See `.env.example` for the full list.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


# Core
# https://docs.djangoproject.com/en/5.2/ref/settings/#core-settings

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 (DEBUG only)


def require_secret_key():
    """Refuse to serve without a secret key when DEBUG is off.

    Called by wsgi.py and asgi.py (so gunicorn and runserver refuse to
    start), not at import: commands that need no key, such as migrate and
    makemigrations, still run in a production environment.
    """
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value in "
            "production (python -c 'import secrets; print(secrets.token_urlsafe(50))'),"
            " or set DJANGO_DEBUG=1 for local development."
        )


ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# The site's public address, for absolute links in calendars and JSON for
# partner sites: built from this, never from a request's Host header.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    # Local apps
    "solidarity",
    "posts",
    "appeals",
    # Third party
    "django_tasks",
    "django_tasks_db",
    "taggit",
    "django_countries",
    "django_prose_editor",
    "csp",
    "axes",
    "reversion",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: the scheme and client address everything after relies on.
    "solidarity.middleware.TrustedProxyMiddleware",
    # Oversized, multipart or chunked bodies outside the admin: refused
    # before anything reads them.
    "solidarity.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for pages and feeds, not the admin (BREACH); above the page cache
    # so its hits are compressed too.
    "solidarity.middleware.PublicGZipMiddleware",
    # ETag/Last-Modified and 304s, for cached and uncached pages alike.
    "django.middleware.http.ConditionalGetMiddleware",
    # As early as it can be: a hit runs only the three above.
    "solidarity.pagecache.PageCacheMiddleware",
    "solidarity.middleware.MethodAllowlistMiddleware",
    "solidarity.middleware.DatabaseUnavailableMiddleware",
    # The language from the URL's prefix; old unprefixed addresses redirect.
    "solidarity.languages.LanguageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the page cache (a hit is never throttled) and authentication
    # (editors are not): uncached searches and filtered lists per client.
    "solidarity.throttle.ExpensiveRequestThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Tells editors when the page cache missed their change (after messages).
    "solidarity.pagecache.UntoldChangesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "solidarity.middleware.ContentSecurityPolicyMiddleware",
    "solidarity.middleware.StaffSessionTimeoutMiddleware",
    # Last, as django-axes asks: it turns a lockout into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "solidarity.urls"
WSGI_APPLICATION = "solidarity.wsgi.application"

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
                "solidarity.languages.language_context",
                # The campaign's name, accent colour... (SiteIdentity).
                "appeals.context_processors.identity",
                # The content version for the cards' {% cache %} keys.
                "solidarity.pagecache.template_context",
            ],
        },
    },
]

# Database
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
# DATABASE_URL picks the engine: SQLite (the embedded default) or
# postgres://user@host:5432/name for PostgreSQL through psycopg 3.

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Fail fast when the database is unreachable instead of hanging
            # until the worker timeout (libpq's minimum is 2 seconds).
            "connect_timeout": int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "2")),
        }
    )
    # The site's queries are short lookups: parallel workers cost more to
    # start than they save (the home page ran 20 ms faster without them on
    # two cores at a million posts), and JIT compiles for tens of
    # milliseconds whenever a LIMIT query's estimate looks large.
    _session_options = ["-c max_parallel_workers_per_gather=0", "-c jit=off"]
    # In the web server (solidarity/wsgi.py sets 2000 ms) a query stuck on a
    # lock or an overloaded server is cancelled, so a page answers 503 within
    # 3 s instead of hanging. Management commands (migrations building an
    # index, imports) run without a limit unless this is set.
    _statement_timeout = os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT", "0")
    if _statement_timeout != "0":
        _session_options.append(f"-c statement_timeout={int(_statement_timeout)}")
    DATABASES["default"]["OPTIONS"]["options"] = " ".join(_session_options)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The worker writes while the server serves (make run): with a
    # write-ahead log readers never wait for it, and a commit needs no
    # fsync of the whole file (https://www.sqlite.org/wal.html).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache
# https://docs.djangoproject.com/en/5.2/topics/cache/
# REDIS_URL makes Redis the shared cache between workers; local memory otherwise.

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis: every Redis error (down, timeout, out of memory,
            # read-only replica) is a cache miss and a log line, not a 500.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                # One timeout per request at most (solidarity/cachebreaker.py).
                "CONNECTION_FACTORY": (
                    "solidarity.cachebreaker.BreakerConnectionFactory"
                ),
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "solidarity"),
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered cards, per process, keyed by the content version (see
# solidarity/pagecache.py template_context); about 2 KB each.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# The page cache (solidarity/pagecache.py); DJANGO_PAGE_CACHE=0
# turns it off, e.g. to measure uncached rendering.
PAGE_CACHE_ENABLED = os.environ.get("DJANGO_PAGE_CACHE", "1") == "1"

# Authentication
# https://docs.djangoproject.com/en/5.2/ref/settings/#auth

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for
# one username from one address, that pair is refused for AXES_COOLOFF_TIME.
# Attempts are stored in the database, so every worker sees them.
AUTHENTICATION_BACKENDS = [
    "solidarity.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15"))
)
# Three locks, each after AXES_FAILURE_LIMIT failures within the cool-off:
# one username from one address; one username from any addresses (a
# distributed guess at one account; the account's owner is locked out too
# until the cool-off ends or `axes_reset_username`); one address trying any
# usernames. Counts are of failures within AXES_COOLOFF_TIME.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Lockouts are lifted with `manage.py axes_reset_username NAME` (or they
# expire); the attempt tables stay out of the editors' admin.
AXES_ENABLE_ADMIN = False
# The client's address by the same rule as the rate limits: REMOTE_ADDR,
# which solidarity.middleware.TrustedProxyMiddleware replaces with the
# X-Forwarded-For entry only when the request came from a trusted proxy.
AXES_CLIENT_IP_CALLABLE = "solidarity.antispam.client_ip"

# The largest request body outside the admin (solidarity.middleware
# RequestBodyLimitMiddleware; nginx.conf's client_max_body_size 128k): the
# longest public form, 5,000 characters of four-byte text percent-encoded,
# is about 60 KB.
PUBLIC_BODY_MAX = 128 * 1024

# Uncached searches and filtered lists per client and minute before 429
# (solidarity/throttle.py); 0 turns the throttle off (benchmarks).
EXPENSIVE_PER_MINUTE = int(os.environ.get("DJANGO_EXPENSIVE_PER_MINUTE", "30"))

# The admin's address: set DJANGO_ADMIN_URL to something less guessable than
# the default to keep password-guessing bots off the login page.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# Sessions exist only for editors: they end after SESSION_COOKIE_AGE, and
# after DJANGO_STAFF_IDLE_MINUTES without a request (see
# solidarity/middleware.py StaffSessionTimeoutMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_HOURS", "8")) * 3600
STAFF_IDLE_TIMEOUT = int(os.environ.get("DJANGO_STAFF_IDLE_MINUTES", "30")) * 60

# Internationalisation
# https://docs.djangoproject.com/en/5.2/topics/i18n/

# Every public page lives under its language's prefix (/en/, /es/, /ar/):
# the URL alone says the language, so a cached page never varies on
# Accept-Language, which only `/` consults (solidarity/languages.py). To add
# a language: add it here, then see "Languages" in the README.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# British English dates and numbers for the English pages (en-gb's formats).
FORMAT_MODULE_PATH = ["solidarity.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# Static and media files
# https://docs.djangoproject.com/en/5.2/howto/static-files/
# WhiteNoise serves hashed, compressed static files with far-future headers.

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files served at the site's root (/favicon.ico), by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded pictures and their renditions (solidarity/images.py). One server:
# files in MEDIA_ROOT, served by the web server in front
# (solidarity/deploy/nginx/solidarity.conf; by Django itself under DEBUG).
# Several servers: DJANGO_S3_BUCKET puts them in an S3-compatible object
# store that all share (django-storages), served from DJANGO_S3_PUBLIC_URL.
_default_storage = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    # Remade renditions replace their files (manage.py make_renditions);
    # uploads never collide, their names being random.
    "OPTIONS": {"allow_overwrite": True},
}
MEDIA_ORIGIN = ""  # allowed in img-src (Content Security Policy, below)
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "")
if S3_BUCKET:
    _s3_public_url = os.environ.get("DJANGO_S3_PUBLIC_URL", "").rstrip("/")
    _s3_public = urlsplit(_s3_public_url)
    if _s3_public.scheme not in ("http", "https") or not _s3_public.netloc:
        raise ImproperlyConfigured(
            "DJANGO_S3_BUCKET is set, so DJANGO_S3_PUBLIC_URL must be the address"
            " visitors fetch pictures from: the bucket's public URL (e.g."
            " https://s3.example.net/campaign-media) or a CDN in front of it."
        )
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            # Unset: boto3's own chain (AWS_* variables, instance roles).
            "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
            # Path-style URLs work with every S3-compatible server; set
            # "virtual" for providers that require bucket host names.
            "addressing_style": os.environ.get("DJANGO_S3_ADDRESSING_STYLE", "path"),
            # Pictures are public: plain URLs (no expiring signatures), so
            # pages can be cached whole.
            "custom_domain": _s3_public.netloc + _s3_public.path,
            "url_protocol": _s3_public.scheme + ":",
            "querystring_auth": False,
            # Names are random (uploads) or digests (renditions): a name is
            # never reused for other content, so no existence check before a
            # write, and a year's caching is safe.
            "file_overwrite": True,
            "object_parameters": {
                "CacheControl": "public, max-age=31536000, immutable"
            },
        },
    }
    MEDIA_URL = _s3_public_url + "/"
    MEDIA_ORIGIN = f"{_s3_public.scheme}://{_s3_public.netloc}"
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Renditions (solidarity/renditions.py, django-imagekit): written when their
# picture is saved, never while a page is served.
IMAGEKIT_CACHEFILE_DIR = "renditions"
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"

# Email
# https://docs.djangoproject.com/en/5.2/topics/email/

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
# Editors who are told about new submissions and proposals.
EDITORS_EMAILS = env_list("DJANGO_EDITORS_EMAILS")
# A real mail service (DJANGO_EMAIL_BACKEND=...smtp.EmailBackend):
# its host, port, login and TLS. Mail is sent by the workers, never in a request.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DJANGO_EMAIL_USE_TLS", "") == "1"
EMAIL_USE_SSL = os.environ.get("DJANGO_EMAIL_USE_SSL", "") == "1"
# A worker waits at most this long on the mail server before trying later.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30"))

# Background tasks
# https://docs.djangoproject.com/en/6.0/topics/tasks/ (django-tasks backports it)
# Tasks are rows in the site's own database (django-tasks-db); `manage.py
# worker` runs them (see README, "The worker").

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A failed task is tried again after 30 s, 2 min, 8 min, 32 min (x4 each time).
TASK_MAX_ATTEMPTS = int(os.environ.get("DJANGO_TASK_MAX_ATTEMPTS", "5"))
TASK_RETRY_SECONDS = int(os.environ.get("DJANGO_TASK_RETRY_SECONDS", "30"))
# Workers say they are alive this often; a task whose worker has been silent
# for three beats is taken as lost (the worker was killed) and run again.
TASK_HEARTBEAT_SECONDS = float(os.environ.get("DJANGO_TASK_HEARTBEAT_SECONDS", "10"))
# Mailings: messages per minute across all workers (0: as fast as the mail
# server takes them), and how many one task sends before handing over.
MAILING_PER_MINUTE = int(os.environ.get("DJANGO_MAILING_PER_MINUTE", "600"))
MAILING_BATCH = int(os.environ.get("DJANGO_MAILING_BATCH", "200"))
# Supporters who never confirmed their address are deleted after this many days.
UNCONFIRMED_SUPPORTER_DAYS = int(
    os.environ.get("DJANGO_UNCONFIRMED_SUPPORTER_DAYS", "30")
)
# Meeting reminders go out the day before, at this hour in the venue's zone.
RSVP_REMINDER_HOUR = int(os.environ.get("DJANGO_RSVP_REMINDER_HOUR", "10"))

# Security
# https://docs.djangoproject.com/en/5.2/ref/settings/#security
# Production (DEBUG off) is HTTPS-only; set DJANGO_SECURE_SSL_REDIRECT=0 only
# behind a proxy that already redirects.

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = (
    not DEBUG and os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
)
SECURE_HSTS_SECONDS = 0 if DEBUG else 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading is a commitment for the whole registered domain and every
# subdomain, which the campaign's owners must decide; not a code default.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload: see above.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CSRF_COOKIE_SAMESITE = "Lax"
# A failed CSRF check shows a page in the site's design, not Django's.
CSRF_FAILURE_VIEW = "solidarity.views.csrf_failure"

# Content Security Policy (django-csp 4)
# https://django-csp.readthedocs.io/en/latest/configuration.html
# Public pages: our own files only, no inline script or style, no framing, no
# plugins, and forms may only post back to us. The admin gets its own policy
# (CONTENT_SECURITY_POLICY_ADMIN, applied by
# solidarity.middleware.ContentSecurityPolicyMiddleware) because the rich-text
# editor and Django's admin widgets set inline styles and load data: images.

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Pictures come from the object store's address when there is one.
        "img-src": [SELF, *filter(None, [MEDIA_ORIGIN])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", *filter(None, [MEDIA_ORIGIN])],
        "font-src": [SELF, "data:"],
        "base-uri": [SELF],
    }
}


def proxy_networks(value):
    """DJANGO_TRUSTED_PROXIES: the addresses or networks (CIDR) of the
    reverse proxies in front of the site, comma-separated, e.g.
    "127.0.0.1,::1" for nginx on the same server. Only a request whose
    peer is one of them has its X-Forwarded-For and X-Forwarded-Proto
    believed (solidarity.middleware.TrustedProxyMiddleware)."""
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item or item == "0":  # "0" was the old "no proxy"
            continue
        if item.isdigit():
            raise ImproperlyConfigured(
                "DJANGO_TRUSTED_PROXIES now lists the proxies' addresses, not "
                f"how many there are ({item!r}): e.g. DJANGO_TRUSTED_PROXIES="
                "127.0.0.1,::1 for nginx on this server (README, Production)."
            )
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"DJANGO_TRUSTED_PROXIES: {item!r} is not an address or a network"
                " such as 10.0.0.0/8."
            ) from error
    return tuple(networks)


TRUSTED_PROXIES = proxy_networks(os.environ.get("DJANGO_TRUSTED_PROXIES", ""))
# The one silenced deploy check: HSTS preload (W021) is a commitment for the
# whole domain and its subdomains that is hard to undo, so it is the
# operator's decision, not a default. Nothing else may be silenced
# (tests/test_settings.py holds this list to that).
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Third-party apps

TAGGIT_CASE_INSENSITIVE = True

# Logging
# https://docs.djangoproject.com/en/5.2/topics/logging/

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
