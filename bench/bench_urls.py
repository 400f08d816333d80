"""The benchmark's URLs: the site's own, plus the bare view it is compared with (``bench_settings`` only).

The bare view is the floor of a logged-in Django page on this stack: the whole middleware (session, user, CSRF,
the site's own middleware), ``@login_required`` and a tiny template. It exists only in the benchmark's settings,
never in production's URLs.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from elearning.urls import urlpatterns as site_urlpatterns

BARE_PATH = "/bench/bare/"
_BARE_TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="nl"><title>Bare</title><p>Hello {{ user.get_short_name|default:user.pk }}</p></html>'
)


@login_required
def bare(request):
    return HttpResponse(_BARE_TEMPLATE.render({"user": request.user}))


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare, name="bench_bare"), *site_urlpatterns]
