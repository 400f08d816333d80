from django.urls import path

from identity import views

app_name = "identity"

urlpatterns = [
    path("", views.sso_start, name="start"),
    path("instellingen/<int:organisation_id>/", views.sso_settings, name="settings"),
]
