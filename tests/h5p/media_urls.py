"""The platform's URLs with the development media URLs in front, as elearning/urls.py has them when DEBUG is on."""

from django.urls import include, path

from elearning.urls import DEVELOPMENT_MEDIA_URLPATTERNS

urlpatterns = [*DEVELOPMENT_MEDIA_URLPATTERNS, path("", include("elearning.urls"))]
