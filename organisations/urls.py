from django.urls import path

from organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.home, name="home"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("<int:organisation_id>/", views.report, name="report"),
    path("<int:organisation_id>/export.csv", views.export_csv, name="export"),
    path("<int:organisation_id>/teams/", views.teams, name="teams"),
    path("<int:organisation_id>/leden/", views.members, name="members"),
    path(
        "<int:organisation_id>/uitnodigingen/<int:invitation_id>/opnieuw/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path("<int:organisation_id>/importeren/", views.roster_import, name="import"),
    path("<int:organisation_id>/importeren/bevestigen/", views.roster_import_confirm, name="import_confirm"),
    path("<int:organisation_id>/toewijzen/", views.assign, name="assign"),
    path("<int:organisation_id>/logboek/", views.audit_trail, name="audit_trail"),
]
