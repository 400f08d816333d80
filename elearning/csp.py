"""The Content-Security-Policy: django-csp's middleware, with a relaxed policy for the two admins.

Every HTML page gets a nonce (``request.csp_nonce``, ``{{ CSP_NONCE }}`` in templates) whether or not its
template used one, so a page's scripts can always be checked against its header. Under
``settings.CSP_RELAXED_URL_PREFIXES`` (the Wagtail admin and the Django admin, which ship inline scripts and
style attributes we do not control) ``settings.CSP_RELAXED_DIRECTIVES`` replaces the strict policy; a view may
still set its own with django-csp's decorators.

Something rendered into a page that needs more than the strict policy (the H5P player: h5p/player.py) puts the
sources it needs in ``request.csp_update`` ({directive: [sources]}); they are added to that response's policy
only, so pages without it stay strict.
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
        extra = getattr(request, "csp_update", None)
        if extra:
            update = dict(parts.update or {})
            for directive, sources in extra.items():
                if relaxed:  # a hash would switch the admins' 'unsafe-inline' off (e.g. a lesson's preview)
                    sources = [s for s in sources if not s.startswith(("'sha", "'nonce-"))]
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts
