from django.urls import path

from organisations import calendar_views, contacts_views, import_views, people_views, views

app_name = "organisations"

urlpatterns = [
    path("", views.home, name="home"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("agenda/", calendar_views.calendar, name="calendar"),
    path("agenda/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("<int:organisation_id>/", views.report, name="report"),
    path("<int:organisation_id>/export.csv", views.export_csv, name="export"),
    path("<int:organisation_id>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:organisation_id>/herinneren/", views.remind_overdue, name="remind"),
    path("<int:organisation_id>/teams/", views.teams, name="teams"),
    path("<int:organisation_id>/meldroutes/", contacts_views.reporting_contacts, name="reporting_contacts"),
    path("<int:organisation_id>/leden/", people_views.members, name="members"),
    path("<int:organisation_id>/leden/<int:membership_id>/", people_views.person, name="person"),
    path("<int:organisation_id>/leden/<int:membership_id>/rol/", people_views.person_role, name="person_role"),
    path("<int:organisation_id>/leden/<int:membership_id>/teams/", people_views.person_teams, name="person_teams"),
    path(
        "<int:organisation_id>/leden/<int:membership_id>/verwijderen/",
        people_views.person_remove,
        name="person_remove",
    ),
    path("<int:organisation_id>/oud-leden/", people_views.former_members, name="former_members"),
    path(
        "<int:organisation_id>/uitnodigingen/<int:invitation_id>/intrekken/",
        people_views.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path(
        "<int:organisation_id>/uitnodigingen/<int:invitation_id>/opnieuw/",
        people_views.invitation_resend,
        name="invitation_resend",
    ),
    path("<int:organisation_id>/importeren/", import_views.roster_import, name="import"),
    path("<int:organisation_id>/importeren/bevestigen/", import_views.roster_import_confirm, name="import_confirm"),
    path(
        "<int:organisation_id>/importeren/sjabloon.<str:file_format>",
        import_views.import_template,
        name="import_template",
    ),
    path("<int:organisation_id>/toewijzen/", views.assign, name="assign"),
    path("<int:organisation_id>/logboek/", views.audit_trail, name="audit_trail"),
]
