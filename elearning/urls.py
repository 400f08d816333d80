import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import login_door
from elearning import health, views
from elearning.metrics import metrics_view
from elearning.security_txt import security_txt

handler500 = "elearning.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", health.live, name="healthz_live"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    path("metrics", metrics_view, name="metrics"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    # One login: the admins' own login pages send visitors to allauth's (these come before the admins' URLs).
    path("django-admin/login/", login_door, {"default_next": "/django-admin/"}, name="django_admin_login_door"),
    path("admin/login/", login_door, {"default_next": "/admin/"}, name="wagtail_admin_login_door"),
    path("mijn-leren/", views.dashboard, name="dashboard"),
    path("stijlgids/", views.style_guide, name="style_guide"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("toetsen/", include("quizzes.urls")),
    path("h5p/", include("h5p.urls")),
    path("leren/", include("courses.urls")),
    path("certificaten/", include("certificates.urls")),
    path("organisatie/", include("organisations.urls")),
    path("klas/", include("classrooms.urls")),
    path("mijn-gegevens/", include("privacy.urls")),
    path("inloggen/organisatie/", include("identity.urls")),
]

# Development serves uploaded media itself, except H5P packages and their files: those reach a browser only
# through the H5P sandbox (h5p/sandbox.py), whose policy and headers a plain file response would not carry.
DEVELOPMENT_MEDIA_URLPATTERNS = [
    re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?!h5p/)(?P<path>.*)$", views.development_media)
]
if settings.DEBUG:
    urlpatterns += DEVELOPMENT_MEDIA_URLPATTERNS

# Wagtail serves the page tree last, from the site root; routes come from the cache (same pattern and name).
urlpatterns += [
    re_path(wagtail_urls.serve_pattern, views.page_serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
