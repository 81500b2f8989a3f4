"""Practica's one settings module.

Every knob is read from the environment (or a local `.env` file) through practica.env; the defaults run a
laptop demo on SQLite under var/. docs/operations/configuration.md documents each variable.
"""

import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from practica.env import env_bool, env_int, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")

VAR_DIR = Path(env_str("PRACTICA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use SECRET_KEY when set; otherwise generate one into var/ once, so restarts keep sessions."""
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Practica")
SITE_TAGLINE = env_str("SITE_TAGLINE", "Communities of Practice for members")
LEAD_EMAIL = env_str("LEAD_EMAIL", "communities@example.org")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Replies to e-mails go here and are not read: every e-mail says so and links back to the site.
NO_REPLY_EMAIL = env_str("NO_REPLY_EMAIL", DEFAULT_FROM_EMAIL)
# The outbox gives up on an e-mail after this many failed attempts (retries back off from 1 minute to 1 hour).
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)
# Notification e-mails: at most this many per member a day (the rest fold into the next digest), each sent
# this many minutes after the notification, and dropped if the member read it on the site meanwhile.
EMAIL_DAILY_CAP = env_int("EMAIL_DAILY_CAP", 20)
NOTIFICATION_EMAIL_DELAY_MINUTES = env_int("NOTIFICATION_EMAIL_DELAY_MINUTES", 5)

_site_host = urlsplit(SITE_URL).hostname or "127.0.0.1"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [_site_host, "127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = [SITE_URL]
USE_HTTPS = SITE_URL.startswith("https://")

INSTALLED_APPS = [
    "practica.core",
    "practica.accounts",
    "practica.communities",
    "practica.discussions",
    "practica.library",
    "practica.meetings",
    "practica.moderation",
    "practica.notifications",
    "practica.messaging",
    "practica.experts",
    "practica.development",
    "practica.surveys",
    "practica.search",
    "practica.insights",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "django_htmx",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
    "practica.core.middleware.PrivatePagesMiddleware",
    "practica.accounts.middleware.MembersOnlyMiddleware",
    # Counts page loads in memory after the gate (docs/insights.md); written by a thread, never in the request.
    "practica.insights.middleware.PageViewMiddleware",
]

ROOT_URLCONF = "practica.urls"
WSGI_APPLICATION = "practica.wsgi.application"
ASGI_APPLICATION = "practica.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "practica.core.context_processors.site",
                "practica.notifications.context_processors.bell",
            ],
        },
    },
    {
        # Plain-text e-mail (subjects and bodies): the same templates folders, without HTML escaping.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# Databases. SQLite under var/ by default; DATABASE_URL switches to PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'practica.sqlite3'}")
_database = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
IS_SQLITE = _database["ENGINE"] == "django.db.backends.sqlite3"
if IS_SQLITE:
    # WAL + IMMEDIATE transactions: the web process and the task worker share the file (STACK.md, trap 2).
    _database["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file too (not shared memory), so concurrent-writer tests see real SQLite locking.
    _database["TEST"] = {"NAME": env_str("TEST_SQLITE_NAME", str(VAR_DIR / "test.sqlite3"))}
else:
    _database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    _database["CONN_HEALTH_CHECKS"] = True
    INSTALLED_APPS.append("django.contrib.postgres")
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: process memory by default (rate limits need atomic increments, which the database cache lacks);
# Redis when REDIS_URL is set, so several app servers share rate limits and cached values.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "practica"}}

# Background work: Django's Tasks framework on the database, so work is stored in the same transaction as
# the change that caused it. `practica worker` runs it.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email"],
    }
}
WORKER_STALE_AFTER = timedelta(minutes=env_int("WORKER_STALE_MINUTES", 5))

# Accounts and sign-in.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_ADAPTER = "practica.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "practica.accounts.forms.RegisterSignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if USE_HTTPS else "http"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
SOCIALACCOUNT_ADAPTER = "practica.accounts.adapters.SocialAccountAdapter"
# Single sign-on matches people on the provider's subject identifier, never on e-mail alone.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS: dict = {}
SSO_OIDC_SERVER_URL = env_str("SSO_OIDC_SERVER_URL")
if SSO_OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "association",
                "name": env_str("SSO_NAME", "Association sign-in"),
                "client_id": env_str("SSO_OIDC_CLIENT_ID"),
                "secret": env_str("SSO_OIDC_CLIENT_SECRET"),
                "settings": {"server_url": SSO_OIDC_SERVER_URL},
            }
        ]
    }
SSO_MEMBERSHIP_NUMBER_CLAIM = env_str("SSO_MEMBERSHIP_NUMBER_CLAIM", "membership_number")
SSO_MEMBERSHIP_EXPIRY_CLAIM = env_str("SSO_MEMBERSHIP_EXPIRY_CLAIM", "membership_expires")

# Lockout after repeated failed sign-ins, shared across app servers through the database.
AXES_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGNIN_LOCKOUT_MINUTES", 15))
# Per account and address, so one attacker cannot lock a member out from everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "practica.accounts.adapters.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions: members stay signed in for 14 days of inactivity, staff and admins for 12 hours.
SESSION_COOKIE_AGE = int(timedelta(days=env_int("MEMBER_SESSION_DAYS", 14)).total_seconds())
STAFF_SESSION_AGE = int(timedelta(hours=env_int("STAFF_SESSION_HOURS", 12)).total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = USE_HTTPS
CSRF_COOKIE_SECURE = USE_HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = USE_HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000) if USE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = USE_HTTPS
SECURE_HSTS_PRELOAD = USE_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Mail: EMAIL_URL such as smtp://user:pass@host:587?tls=1, console://, file:///path or memory://.
EMAIL_URL = env_str("EMAIL_URL", "console://")


def _mailer_from_url(url: str) -> dict:
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "memory": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
    }
    if parts.scheme in backends:
        options = {"file_path": parts.path or str(VAR_DIR / "mail")} if parts.scheme == "file" else {}
        return {"BACKEND": backends[parts.scheme], "OPTIONS": options}
    if parts.scheme in {"smtp", "smtps"}:
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": parts.hostname or "localhost",
                "port": parts.port or (465 if parts.scheme == "smtps" else 25),
                "username": unquote(parts.username or ""),
                "password": unquote(parts.password or ""),
                "use_tls": query.get("tls") in {"1", "true"},
                "use_ssl": parts.scheme == "smtps",
                "timeout": 20,
            },
        }
    raise ValueError(f"EMAIL_URL has an unknown scheme: {parts.scheme!r}")


MAILERS = {"default": _mailer_from_url(EMAIL_URL)}

# Files. Media never goes through a public URL: uploads are served by permission-checked views.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    _media_backend = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "region_name": env_str("S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _media_backend = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_backend,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
PROFILE_PHOTO_MAX_BYTES = env_int("PROFILE_PHOTO_MAX_MB", 5) * 1024 * 1024
# Library uploads: the largest file, the families of files accepted (decided from content, practica.core.uploads),
# and whether the web server sends protected files once Django has checked who may have them.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 25) * 1024 * 1024
UPLOAD_ALLOWED_TYPES = env_list(
    "UPLOAD_ALLOWED_TYPES", ["pdf", "word", "excel", "powerpoint", "text", "csv", "image", "audio", "video"]
)
FILE_OFFLOAD = env_str("FILE_OFFLOAD", "none").strip().lower()
if FILE_OFFLOAD not in {"none", "x-accel", "x-sendfile"}:
    raise ValueError(f"FILE_OFFLOAD must be none, x-accel or x-sendfile, not {FILE_OFFLOAD!r}")
FILE_OFFLOAD_PREFIX = env_str("FILE_OFFLOAD_PREFIX", "/protected-media/")
# The most files one post may carry (each checked like a library file: UPLOAD_MAX_MB, UPLOAD_ALLOWED_TYPES).
POST_ATTACHMENTS_MAX = env_int("POST_ATTACHMENTS_MAX", 5)
# The staff members list shows how many members blocked someone only from this many (never who blocked).
BLOCK_ALERT_THRESHOLD = env_int("BLOCK_ALERT_THRESHOLD", 3)
# Private messages: the most people (the sender included) one conversation may have.
MESSAGING_MAX_PARTICIPANTS = env_int("MESSAGING_MAX_PARTICIPANTS", 10)
# Insights: each web process writes its page-view tallies this often (0: only when the roll-up runs in the
# same process, as in tests). A process killed without warning loses at most this many seconds of counts.
INSIGHTS_FLUSH_SECONDS = env_int("INSIGHTS_FLUSH_SECONDS", 60)

# Language and time: English (UK), Europe/London.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English (UK)"))]
LOCALE_PATHS = [BASE_DIR / "practica" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SILENCED_SYSTEM_CHECKS: list[str] = []
if not USE_HTTPS:
    # A plain-HTTP demo cannot use secure cookies, HSTS or an HTTPS redirect.
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008", "security.W012", "security.W016"]
