"""Settings for a developer's or newcomer's machine: embedded defaults, nothing to configure."""

from elearning.observability import logging_config

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # a phone trying passkeys on a dev host; never in production (nor tests)
# Readable log lines on a developer's console (with the request or task id); LOG_FORMAT=json to see production's.
LOGGING = logging_config(log_format=env("LOG_FORMAT", default="text"), level=env("LOG_LEVEL", default="WARNING"))
