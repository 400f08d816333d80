"""Settings shared by every environment. Everything that differs per machine comes from the environment."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from elearning.observability import logging_config
from elearning.sentry import sentry_init
from elearning.storage import storages_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# ------------------------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",  # single sign-on per organisation (identity/)
    "allauth.socialaccount.providers.openid_connect",
]
LOCAL_APPS = [
    "pagecache",
    "accounts",
    "reporting",
    "quizzes",
    "h5p",
    "courses",
    "certificates",
    "organisations",
    "classrooms",
    "identity",
    "elearning",
    "privacy",
    "csp",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "elearning.observability.RequestIdMiddleware",  # first: every log line of the request carries its id
    "elearning.metrics.MetricsMiddleware",  # times everything below it
    "django.middleware.security.SecurityMiddleware",
    "elearning.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pagecache.prefetch.CachePrefetchMiddleware",  # the session, tree version, route and its keys: one round trip
    "elearning.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionIdleMiddleware",
    "classrooms.middleware.PupilOnlyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "identity.middleware.SSOSessionRecheckMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "elearning.middleware.DatabaseUnavailableMiddleware",  # last: the first to see what a view raised
]

ROOT_URLCONF = "elearning.urls"
WSGI_APPLICATION = "elearning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "reporting.context_processors.reporting",
                "classrooms.context_processors.pupil",
                "elearning.context_processors.site_links",
                "privacy.context_processors.statements",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# ------------------------------------------------------------------------------------------------
# Database, cache, files
# ------------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes SQLite's write lock when it begins, so concurrent writers (ten hand-ins of one quiz)
    # wait their turn instead of failing at once with "database is locked" when a read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiled the report queries for longer than they ran (0.6 s of 1.5 s at 100,000 rows,
    # measured by the benchmark); the platform's queries are short OLTP queries that never gain from it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "elearning.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is away or stuck is a cache miss within half a second, not a hung page (elearning/cache.py).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Lesson pages rendered once per state, kept per web process (courses/page_memo.py): about 30 kB each.
LESSON_PAGE_MEMO_ENTRIES = env.int("LESSON_PAGE_MEMO_ENTRIES", default=300)
# Pages whose cache keys each web process remembers, read in a request's first round trip (pagecache/routing.py).
PAGE_ROUTE_MEMO_ENTRIES = env.int("PAGE_ROUTE_MEMO_ENTRIES", default=500)

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")  # the image and CI collect elsewhere
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Media in two places (elearning/storage.py): public files (images) and private ones (certificate PDFs, H5P
# packages, documents), on the local disk or, with S3_BUCKET, on S3 or any S3-compatible object storage.
PRIVATE_MEDIA_PREFIXES = ("certificates/", "h5p/", "documents/")
STORAGES = {
    "default": {"BACKEND": env("DEFAULT_FILE_STORAGE", default="elearning.storage.MediaStorage")},
    **storages_from_environment(env),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # documents are private: served by Wagtail's view, which checks access
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# ------------------------------------------------------------------------------------------------
# Accounts: custom user, django-allauth (e-mail login, verification, MFA, rate limits)
# ------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL  # private pages send visitors to the same login as the rest
# One login: /admin/login/ (Wagtail) and /django-admin/login/ are served by accounts.views.login_door, which sends
# visitors to allauth's login and back, so its rate limits, e-mail verification and MFA guard every session.
# Wagtail keeps its own login URL name, so that a logged-in user without admin access is told so instead of
# being sent to allauth's login, which would send them straight back.
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False  # one password reset too: allauth's
LOGIN_REDIRECT_URL = "dashboard"  # "Mijn leren"; pupils log in with their code and land on their lessons
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's default rate limits stay on; they live in the cache, which is Redis in production.
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For we trust; without it a school
# behind one NAT would share a single rate limit with the proxy's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# A passkey alone signs in: allauth asks the browser for user verification (PIN or biometrics) on the device
# that holds the key, so it is two factors by itself. A key added without "Wachtwoordloos" is a second factor
# after the password only. WebAuthn needs a secure context: https, or http://localhost (not 127.0.0.1: browsers
# refuse an IP address as the relying party's id).
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_FORMS = {"add_webauthn": "accounts.forms.PasskeyAddForm"}  # "Wachtwoordloos" ticked to begin with
MFA_TOTP_ISSUER = "Signaal"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
# Who must use MFA (accounts/selectors.py): superusers, staff, anyone with Wagtail admin access, and members with
# one of these organisation roles (organisations.Membership.Role values, read through the user's "memberships").
# Until they have set it up, they can reach only the MFA set-up pages and log out.
ACCOUNTS_MFA_REQUIRED_MEMBERSHIP_ROLES = ["coordinator", "admin"]

# ------------------------------------------------------------------------------------------------
# Single sign-on per organisation (identity/): allauth's OpenID Connect provider, apps built from OrganisationSSO
# ------------------------------------------------------------------------------------------------
SOCIALACCOUNT_ADAPTER = "identity.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"provider_class": "identity.provider.OrganisationOIDCProvider"}}
SOCIALACCOUNT_AUTO_SIGNUP = True  # admission (invited, member or self-join) is checked before anything is created
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # matching by verified address is identity.adapter's own, stricter rule
SOCIALACCOUNT_STORE_TOKENS = True  # the refresh token: the provider confirms the session every few minutes
SOCIALACCOUNT_LOGIN_ON_GET = False
# An organisation may switch password login off for its domains (identity/policies.py).
ACCOUNTS_PASSWORD_LOGIN_POLICY = "identity.policies.password_login_refusal"
# How often a single-sign-on session is confirmed with the provider (a disabled account ends within this time).
IDENTITY_SSO_RECHECK_SECONDS = env.int("IDENTITY_SSO_RECHECK_SECONDS", default=5 * 60)

# ------------------------------------------------------------------------------------------------
# Languages: Dutch first, English second
# ------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["elearning.formats"]  # English with a 24-hour clock: no "1:04 a.m.." after a sentence's time
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# ------------------------------------------------------------------------------------------------
# Wagtail
# ------------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Signaal"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No Gravatar: an editor's avatar would send a hash of their e-mail address to a third party (and the admin's
# Content-Security-Policy would have to allow it); Wagtail shows its own default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# ------------------------------------------------------------------------------------------------
# E-mail
# ------------------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Signaal <noreply@signaal.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ------------------------------------------------------------------------------------------------
# Celery: a broker when configured, otherwise tasks run in-process
# ------------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Tasks without a priority (a certificate, one invitation) go before the bulk mails of organisations/tasks.py
# (priority 9). With Redis 0 is the highest and each step is a list of its own; RabbitMQ ignores it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"priority_steps": [0, 9], "queue_order_strategy": "priority"}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "elearning.tasks.worker_heartbeat_record_task", "schedule": 60.0},
    "quiz-attempts-expire": {"task": "quizzes.tasks.quiz_attempts_expire_task", "schedule": 60.0},
}

# ------------------------------------------------------------------------------------------------
# Security
# ------------------------------------------------------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # one query less on every logged-in request
# A session unused for this long is logged out (accounts/middleware.py); pupils' sessions have their own, shorter
# limit and end when the browser closes (classrooms).
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# /.well-known/security.txt (RFC 9116): where to report a vulnerability. SECURITY_TXT_EXPIRES is an ISO 8601
# date-time to review the file by; empty means 180 days from the day it is served.
SECURITY_CONTACT = env.list("SECURITY_CONTACT", default=["mailto:security@signaal.localhost"])
SECURITY_TXT_EXPIRES = env("SECURITY_TXT_EXPIRES", default="")

# ------------------------------------------------------------------------------------------------
# Observability (elearning/observability.py, metrics.py, health.py, sentry.py): JSON logs with the request or
# task id, Prometheus metrics behind a token, optional Sentry without personal data
# ------------------------------------------------------------------------------------------------
LOG_FORMAT = env("LOG_FORMAT", default="json")  # "json" or "text"
LOGGING = logging_config(log_format=LOG_FORMAT, level=env("LOG_LEVEL", default="WARNING"))
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers log through LOGGING too, with the task's id
METRICS_TOKEN = env("METRICS_TOKEN", default="")  # /metrics needs "Authorization: Bearer <token>"; empty: 404
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry_init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# ------------------------------------------------------------------------------------------------
# H5P: package limits, saved-state cap, the player (h5p-standalone from npm) and the content origin
# ------------------------------------------------------------------------------------------------
STATICFILES_DIRS += [("h5p-standalone", BASE_DIR / "node_modules" / "h5p-standalone" / "dist")]
H5P_MAX_ENTRIES = env.int("H5P_MAX_ENTRIES", default=5_000)
H5P_MAX_FILE_SIZE = env.int("H5P_MAX_FILE_SIZE", default=50 * 1024 * 1024)
H5P_MAX_TOTAL_SIZE = env.int("H5P_MAX_TOTAL_SIZE", default=250 * 1024 * 1024)
H5P_MAX_COMPRESSION_RATIO = env.int("H5P_MAX_COMPRESSION_RATIO", default=100)
H5P_STATE_MAX_BYTES = env.int("H5P_STATE_MAX_BYTES", default=64 * 1024)
# The player runs in a sandboxed frame (h5p/sandbox.py). A separate origin (e.g. "https://h5p.signaal.example")
# may serve that frame and the package files; empty serves them from the platform's own origin, which the
# sandbox makes opaque all the same.
H5P_CONTENT_ORIGIN = env("H5P_CONTENT_ORIGIN", default="").rstrip("/")
# How long an editor's preview link to an unpublished activity's files stays valid (at most twice this).
H5P_PREVIEW_TOKEN_SECONDS = env.int("H5P_PREVIEW_TOKEN_SECONDS", default=4 * 60 * 60)

# ------------------------------------------------------------------------------------------------
# Content-Security-Policy (django-csp 4, elearning/csp.py): every response gets one
# ------------------------------------------------------------------------------------------------
# Hosts whose players a video block may load, after the learner clicks play (templates/blocks/video.html).
CSP_VIDEO_FRAME_HOSTS = env.list(
    "CSP_VIDEO_FRAME_HOSTS",
    default=["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"],
)
_H5P_ORIGIN = [H5P_CONTENT_ORIGIN] if H5P_CONTENT_ORIGIN else []
# Learner, coordinator, teacher and pupil pages: no inline script or style at all (a <script> needs the
# request's nonce or must come from our own origin), no eval, no plugins, no <base>, never framed. The H5P
# player runs in a sandboxed document with a policy of its own (h5p/sandbox.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "media-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *_H5P_ORIGIN, *CSP_VIDEO_FRAME_HOSTS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# The Wagtail admin and the Django admin ship inline scripts and style attributes of their own, and the admin
# frames its own previews: under these prefixes the policy allows inline script and style (no nonce: a nonce
# would make browsers ignore 'unsafe-inline'), images from anywhere (avatars, embeds' thumbnails) and framing
# by our own pages. Everything else stays as strict as above.
CSP_RELAXED_URL_PREFIXES = ("/admin/", "/django-admin/")
CSP_RELAXED_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "frame-ancestors": [SELF],
}

# Who may use an activity is decided by courses, not by the engines (see courses/access.py): a learner
# enrolled in a live course with the activity in a live lesson, or an editor previewing it.
QUIZZES_ACCESS_POLICY = "courses.access.quiz_usable"
# Where "Waar meld ik?" and the lessons find a member's own organisation's contacts (reporting sits below
# organisations, so it is told where to look).
REPORTING_LOCAL_ROUTES = "organisations.contacts.local_routes"
QUIZZES_CYCLE_START = "courses.access.quiz_cycle_start"  # attempts count per enrolment cycle
H5P_ACCESS_POLICY = "courses.access.h5p_usable"
H5P_ACCESS_POLICY_CACHE_KEYS = "courses.access.h5p_usable_cache_keys"  # read with the activity: one round trip

# ------------------------------------------------------------------------------------------------
# Certificates: expiry notices, the verification page's rate limit, periodic tasks
# ------------------------------------------------------------------------------------------------
CERTIFICATE_EXPIRY_NOTICE_DAYS = env.int("CERTIFICATE_EXPIRY_NOTICE_DAYS", default=30)
CERTIFICATE_VERIFY_RATE_LIMIT_PER_MINUTE = env.int("CERTIFICATE_VERIFY_RATE_LIMIT_PER_MINUTE", default=30)
CELERY_BEAT_SCHEDULE.update(
    {
        "certificates-issue-missing": {
            "task": "certificates.tasks.certificates_issue_missing_task",
            "schedule": 5 * 60.0,
        },
        # catch-up: certificate mails (and PDFs) that failed before, with backoff per certificate
        "certificates-email-unsent": {
            "task": "certificates.tasks.certificates_email_unsent_task",
            "schedule": 5 * 60.0,
        },
        "certificates-expiry-notices": {
            "task": "certificates.tasks.certificates_expiry_notices_task",
            "schedule": 6 * 60 * 60.0,
        },
    }
)

# ------------------------------------------------------------------------------------------------
# Organisations: reminders before the due date, the coordinators' weekly digest
# ------------------------------------------------------------------------------------------------
ASSIGNMENT_REMINDER_DAYS_BEFORE = env.int("ASSIGNMENT_REMINDER_DAYS_BEFORE", default=7)
CELERY_BEAT_SCHEDULE.update(
    {
        "assignment-reminders": {
            "task": "organisations.tasks.assignment_reminders_send_task",
            "schedule": crontab(hour=7, minute=0),
        },
        "coordinator-digest": {
            "task": "organisations.tasks.coordinator_digests_send_task",
            "schedule": crontab(hour=7, minute=30, day_of_week="monday"),
        },
        # catch-up: invitations, reminders and digests the mail server refused before, with backoff per row
        "organisations-mail-catch-up": {"task": "organisations.tasks.mail_catch_up_task", "schedule": 5 * 60.0},
        # removed members' records, after each organisation's retention period (organisations/retention.py)
        "organisations-former-members-delete": {
            "task": "organisations.tasks.former_members_delete_expired_task",
            "schedule": crontab(hour=3, minute=15),
        },
    }
)

# ------------------------------------------------------------------------------------------------
# Classrooms: pupil data retention, personal-code key, join and login rate limits (count, seconds)
# ------------------------------------------------------------------------------------------------
PUPIL_INACTIVE_DAYS = env.int("PUPIL_INACTIVE_DAYS", default=365)
# Pupils share school devices: their session ends when the browser closes and after this long unused.
PUPIL_SESSION_IDLE_SECONDS = env.int("PUPIL_SESSION_IDLE_SECONDS", default=60 * 60)
# Key from which pupils' personal codes are derived; empty uses SECRET_KEY. Changing it changes every code.
CLASSROOMS_CODE_KEY = env("CLASSROOMS_CODE_KEY", default="")
CLASSROOMS_ATTEMPTS_PER_IP = (60, 60)  # a class of 30 behind one school IP joins within a minute
# Wrong codes per IP, per kind of code: high enough that a school behind one IP where some pupils mistype gets in.
CLASSROOMS_WRONG_CODES_PER_IP = (100, 10 * 60)
CLASSROOMS_FAILURES_PER_CODE = (10, 10 * 60)
CLASSROOMS_JOINS_PER_CLASS_CODE = (100, 10 * 60)
CELERY_BEAT_SCHEDULE.update(
    {
        "classrooms-pupils-delete-inactive": {
            "task": "classrooms.tasks.pupils_delete_inactive_task",
            "schedule": 24 * 60 * 60.0,
        },
    }
)
