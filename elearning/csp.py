"""The Content-Security-Policy: django-csp's middleware, with a relaxed policy for the two admins.

Every HTML page gets a nonce (``request.csp_nonce``, ``{{ CSP_NONCE }}`` in templates) whether or not its
template used one, so a page's scripts can always be checked against its header. Under
``settings.CSP_RELAXED_URL_PREFIXES`` (the Wagtail admin and the Django admin, which ship inline scripts and
style attributes we do not control) ``settings.CSP_RELAXED_DIRECTIVES`` replaces the strict policy; a view may
still set its own with django-csp's decorators, or send its own header (the H5P sandbox: h5p/sandbox.py).
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        if report_only:
            return parts
        relaxed = parts.config is None and request.path_info.startswith(tuple(settings.CSP_RELAXED_URL_PREFIXES))
        if relaxed:
            parts.config = dict(settings.CSP_RELAXED_DIRECTIVES)
        elif parts.nonce is None and response.get("Content-Type", "").startswith("text/html"):
            parts.nonce = self._make_nonce(request)
        return parts
