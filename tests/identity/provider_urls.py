"""Test-only URLconf: the platform's URLs with the test provider under /test-idp/ (before Wagtail's catch-all)."""

from django.urls import include, path

from elearning import urls as platform_urls
from tests.identity import idp, scenario

handler500 = platform_urls.handler500
urlpatterns = [path(f"{scenario.PREFIX}/", include(idp.urlpatterns)), *platform_urls.urlpatterns]
