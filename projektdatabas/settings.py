"""One settings module, read from the environment.

A fresh checkout runs with no configuration: SQLite under var/, DEBUG on, a
development secret. Production sets PROJEKTDATABAS_PRODUCTION=1 and supplies
the rest through environment variables (see README, "Configuration").
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PROJEKTDATABAS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_bool("PROJEKTDATABAS_PRODUCTION")
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    # Debug pages show settings, source code and every address to anyone who asks.
    raise ImproperlyConfigured("DEBUG cannot be on when PROJEKTDATABAS_PRODUCTION=1")

if PRODUCTION:
    # Never fall back to a known key in production: refuse to start instead. Empty counts
    # as unset (deploy/projektdatabas.env.example leaves it empty to be filled in).
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if not SECRET_KEY.strip():
        raise ImproperlyConfigured("SECRET_KEY must be set when PROJEKTDATABAS_PRODUCTION=1")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "csp",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Domain apps, in dependency order: each may import only those above it.
    "projektdatabas.core",
    "projektdatabas.organisations",
    "projektdatabas.accounts",
    "projektdatabas.strategy",
    "projektdatabas.projects",
    "projektdatabas.finance",
    "projektdatabas.governance",
    "projektdatabas.planning",
    "projektdatabas.groups",
    "projektdatabas.reporting",
    "projektdatabas.news",
    "projektdatabas.monitoring",
    "projektdatabas.calls",
    "projektdatabas.subscriptions",
    "projektdatabas.participation",
    "projektdatabas.euprojects",
    # Interface and tooling apps.
    "projektdatabas.public",
    "projektdatabas.staff",
    "projektdatabas.api",
    "projektdatabas.demo",
]

MIDDLEWARE = [
    # A request id on every log line and in the X-Request-ID header (core/logs.py).
    "projektdatabas.core.logs.RequestIdMiddleware",
    # /health/ for the load balancer: before the HTTPS redirect and the host check, so a
    # plain-HTTP probe on the server itself works (core/health.py).
    "projektdatabas.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /kungalv/…: a municipality's site under its slug or host (public/sites.py); before
    # everything that reads the address, the page cache among them.
    "projektdatabas.public.sites.MunicipalitySiteMiddleware",
    # Under /api/: errors as problem details and CORS on every answer, 304s included.
    "projektdatabas.api.problems.ApiResponseMiddleware",
    # Answers repeat requests for public pages before the rest of the stack runs.
    "projektdatabas.public.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle sign-out and the administrators' second factor (after auth and messages).
    "projektdatabas.accounts.middleware.StaffSessionMiddleware",
    # Lets the field history record who made a change made through a form.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A page, not an empty answer, for an address that takes a form only (public/errors.py);
    # innermost, so that the page gets every header the others add.
    "projektdatabas.public.errors.MethodNotAllowedPage",
]

ROOT_URLCONF = "projektdatabas.urls"
WSGI_APPLICATION = "projektdatabas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "projektdatabas.core.context_processors.site",
                "projektdatabas.public.context_processors.site_brand",
                "projektdatabas.staff.context_processors.staff_menu",
                "projektdatabas.staff.context_processors.idle_warning",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# SQLite under var/ unless DATABASE_URL says otherwise (postgres://...).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'projektdatabas.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL"):
    # psycopg's pool replaces persistent connections; Django forbids both at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = True
# PostgreSQL: the project page's few fixed statements are prepared once per connection
# (core/prepared.py); 0 behind a pooler that cannot keep prepared statements.
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server workers write to one file (README, "Configuration"). Django's deferred
    # transactions read during validation and then fail at once with "database is locked"
    # when they try to write while another worker holds the lock: take it at BEGIN instead,
    # and wait for it. WAL lets readers go on while one writer writes. A DATABASE_URL query
    # string (?timeout=60, ?init_command=...) overrides each of these.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=67108864"
        ),
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Where `manage.py backup` writes (README, "Backup and restore").
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))

# --- Language and time ---------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "projektdatabas" / "locale"]
# django-countries' Swedish catalogue leaves two names half in English ("Palestina, State
# of", "Heard Island och McDonald Islands"); these are ours, translated in our catalogue.
# (Isle of Man is its Swedish name too.)
COUNTRIES_OVERRIDE = {
    "PS": _("Palestine"),
    "HM": _("Heard Island and McDonald Islands"),
}
# Dates are read as 2026-03-31 only, never as month/day (projektdatabas/formats).
FORMAT_MODULE_PATH = ["projektdatabas.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------
# Absolute: a relative one would follow a municipality's prefix (/kungalv/static/…).
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at start-up when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security ----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A refused form says why in the visitor's language, not in Django's bare English page.
CSRF_FAILURE_VIEW = "projektdatabas.public.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # The preload flag only makes the site eligible; submitting the domain to the browsers'
    # list is a separate, manual step for the municipality's web team.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY"):
        # The proxy in front terminates TLS and says so in this header.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script or style anywhere: every page must work under this policy.
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
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The sites that may frame the embed pages (/inbaddning/…, public/embedding.py), e.g. the
# municipality's website: comma-separated origins, scheme://host[:port]. Every other page,
# and the embed pages too while this is empty, refuses to be framed.
EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS")

# --- Caches ---------------------------------------------------------------------------
# "pages" holds rendered public pages per worker process, keyed on the content version
# (public/caching.py); bounded so a worker stays small.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "500"))},
    },
}

# How long a worker may answer cached public pages without asking the database whether
# anything changed (seconds; 0 asks every time). Changes made by the same worker show at
# once, changes made by another worker within this time.
CONTENT_VERSION_TTL = float(os.environ.get("CONTENT_VERSION_TTL", "1"))
# Where each app server keeps its snapshot of the search index, so that a new worker loads
# it instead of building it (projects/search_snapshot.py); empty: no snapshots.
SEARCH_SNAPSHOT_DIR = os.environ.get("SEARCH_SNAPSHOT_DIR", str(VAR_DIR / "search-index"))

# --- Mail ------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "projektdatabasen@localhost")

# --- The site -----------------------------------------------------------------------------
# Which municipality the public site shows when the database holds several (a region).
SITE_MUNICIPALITY_SLUG = os.environ.get("SITE_MUNICIPALITY", "ale")
# A logo under the static files (e.g. "brand/logo.svg"), shown beside the name.
SITE_LOGO = os.environ.get("SITE_LOGO", "")

# LOG_FORMAT=json: one JSON object per line with the request id (core/logs.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be plain or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "projektdatabas.core.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "projektdatabas.core.logs.JsonFormatter"}},
    "handlers": {
        "discard": {"class": "logging.NullHandler"},
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        },
    },
    # Upper case: gunicorn's own documentation writes the levels in lower case.
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    # WeasyPrint narrates every step of a PDF at INFO; fontTools every font subset.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # A request for a host not in ALLOWED_HOSTS is a scanner, not an error of ours: the
        # access log shows its 400; a traceback for each would drown the real errors.
        # (A logger without a handler would fall back to logging's last resort, on stderr.)
        "django.security.DisallowedHost": {"handlers": ["discard"], "propagate": False},
    },
}

# --- Staff sign-in ------------------------------------------------------------------------
LOGIN_URL = "staff:sign_in"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "staff:sign_in"
# How many proxies in front of the site append to X-Forwarded-For; the client's address
# (sign-in throttling, accounts/addresses.py) is read from it only when this is above 0.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Signed out after this long without a request; a working day at most in any case.
STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = 10 * 60 * 60
# The one-time codes' issuer as authenticator apps show it.
OTP_TOTP_ISSUER = os.environ.get("OTP_ISSUER", "Projektdatabasen")
# Links in e-mails point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Single sign-on with OpenID Connect (e.g. Entra ID), only when a client id is given.
# README, "Single sign-on", lists the variables.
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(0, "projektdatabas.accounts.oidc.SubjectMatchingBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", True)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        os.environ.get("OIDC_FORM_ACTION_ORIGIN", "https://login.microsoftonline.com")
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
