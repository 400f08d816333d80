"""Optional error tracking with Sentry (or a Sentry-compatible service such as GlitchTip), off unless
``SENTRY_DSN`` is set. Nothing personal leaves the platform: no user, no cookies, no headers, no request
bodies, no query strings, no local variables, and log lines are not sent as breadcrumbs (they may quote what a
learner typed). What is sent: the exception, its stack trace with file names and line numbers, the view's URL
path, the request id (to find the matching log lines) and the release.
"""

from elearning.observability import request_id_var, task_id_var

_KEPT_REQUEST_KEYS = ("method", "url")


def scrub(event: dict, hint: dict | None = None) -> dict:
    """``before_send``: keep only what a developer needs to find the bug."""
    request = event.get("request")
    if request:
        event["request"] = {key: request[key] for key in _KEPT_REQUEST_KEYS if key in request}
        if "url" in event["request"]:
            event["request"]["url"] = event["request"]["url"].split("?", 1)[0]
    for key in ("user", "server_name", "extra"):
        event.pop(key, None)
    for exception in (event.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    event.setdefault("tags", {})
    if request_id_var.get():
        event["tags"]["request_id"] = request_id_var.get()
    if task_id_var.get():
        event["tags"]["task_id"] = task_id_var.get()
    event.pop("breadcrumbs", None)
    return event


def sentry_init(*, dsn: str, environment: str, release: str, traces_sample_rate: float, transport=None) -> None:
    """Start the SDK; ``transport`` replaces the network for tests (events then go nowhere but there)."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,
        before_send_transaction=scrub,
        default_integrations=True,
        **({"transport": transport} if transport is not None else {}),
        integrations=[
            DjangoIntegration(),
            CeleryIntegration(),
            LoggingIntegration(event_level=None, level=None),  # errors are reported from exceptions, not log lines
        ],
    )
