"""The learner's calendar feed: a page to make or switch off the secret URL, and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from organisations.calendar_feed import calendar_feed_create, calendar_feed_ics, calendar_feed_revoke
from organisations.models import CalendarFeed


@never_cache
@login_required
def calendar(request):
    """GET: whether a feed exists. POST ``create``: a new URL, shown once; POST ``revoke``: switched off."""
    url = None
    if request.method == "POST":
        if "revoke" in request.POST:
            calendar_feed_revoke(user=request.user)
            messages.success(request, _("Your calendar link has been switched off. Calendars using it stop updating."))
            return redirect("organisations:calendar")
        url = calendar_feed_create(user=request.user)
    context = {"url": url, "has_feed": url is not None or CalendarFeed.objects.filter(user=request.user).exists()}
    return render(request, "organisations/calendar.html", context)


def calendar_feed(request, token: str):
    """The feed a calendar app fetches: no session, the secret token is the key; an unknown token is a 404."""
    body = calendar_feed_ics(token=token)
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
