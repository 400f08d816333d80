"""A stand-in lesson page for the browser test: the player include once per activity, as a lesson block does."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from h5p.models import H5PActivity

LESSON = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}{% for activity in activities %}'
    '<section><h2>{{ activity.title }}</h2>{% include "h5p/includes/player.html" with activity=activity %}</section>'
    "{% endfor %}{% endblock %}"
)


@login_required
def lesson(request):
    return HttpResponse(LESSON.render({"activities": H5PActivity.objects.order_by("pk")}, request))


urlpatterns = [path("test-lesson/", lesson, name="test-lesson"), path("", include("elearning.urls"))]
