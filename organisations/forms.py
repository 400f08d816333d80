import datetime

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from organisations.models import Membership, Organisation, Team

ISO_DATE = "%Y-%m-%d"
RETENTION_MAX_MONTHS = 120
# What a browser sends: ISO from a date picker; what a person types where there is none (old browsers).
DATE_INPUT_FORMATS = [ISO_DATE, "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` speaks ISO 8601 (``2026-12-27``) in every browser and locale, whatever the page's
    language writes a date as; a value in the locale's own format ("27-12-2026") is dropped by the browser."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)

    def format_value(self, value):
        """A value sent back after an error is shown again as ISO too (a browser without a date picker may have
        sent "27-12-2026"), so the date is never lost."""
        if isinstance(value, str):
            for fmt in DATE_INPUT_FORMATS:
                try:
                    return datetime.datetime.strptime(value.strip(), fmt).date().isoformat()
                except ValueError:
                    continue
            return value
        return super().format_value(value)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=120)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(organisation=organisation)


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Staff list (CSV) or Excel file"),
        help_text=_(
            "Columns: e-mail, first name, last name, team. CSV (comma or semicolon separated) or Excel (.xlsx)."
        ),
    )
    remove_missing = forms.BooleanField(
        label=_("Remove members who are not on the list"),
        required=False,
        help_text=_("Coordinators are never removed this way. You see who would be removed before anything happens."),
    )


class AssignmentForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=CoursePage.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=IsoDateInput(), input_formats=DATE_INPUT_FORMATS)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"), queryset=Team.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=Membership.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().filter(for_staff=True).order_by("title")
        # Only this organisation's teams and people can be chosen: an id from elsewhere is "not a valid choice".
        self.fields["teams"].queryset = Team.objects.filter(organisation=organisation).order_by("name")
        self.fields["people"].queryset = (
            Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__last_name")
        )
        self.fields["people"].label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.email} ({m.user.email})"
        )
        self.fields["due_date"].initial = timezone.localdate() + timezone.timedelta(days=30)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("teams") and not cleaned.get("people"):
            raise forms.ValidationError(_("Choose at least one team or person."))
        return cleaned


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(label=_("Choose a password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        elif cleaned.get("password1"):
            try:
                validate_password(cleaned["password1"])
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class MemberFilterForm(forms.Form):
    """The member list's search, filters and sorting (GET): an unknown value is ignored, never an error page."""

    q = forms.CharField(label=_("Search by name or e-mail"), required=False, max_length=200)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All"))
    role = forms.ChoiceField(label=_("Role"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Only people with an overdue course"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        from organisations.people import SORT_CHOICES, PersonStatus

        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(organisation=organisation).order_by("name")
        self.fields["role"].choices = [("", _("All")), *Membership.Role.choices]
        self.fields["status"].choices = [("", _("All")), *PersonStatus.CHOICES]
        self.fields["sort"].choices = SORT_CHOICES

    def filters(self) -> dict:
        """The valid filters; an invalid field (a tampered URL) is left out rather than failing the page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "search": data.get("q") or "",
            "team": data.get("team"),
            "role": data.get("role") or "",
            "status": data.get("status") or "",
            "overdue": bool(data.get("overdue")),
            "sort": data.get("sort") or "name",
        }


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class MemberTeamsForm(forms.Form):
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"), queryset=Team.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = Team.objects.filter(organisation=organisation).order_by("name")


class ReminderForm(forms.Form):
    """Whom "stuur nu een herinnering" reminds: the overdue people of a team, of a course, or of both."""

    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All"))
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=CoursePage.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(organisation=organisation).order_by("name")
        self.fields["course"].queryset = CoursePage.objects.filter(
            pk__in=organisation.assignments.values("course_id")
        ).order_by("title")


class ReportFilterForm(forms.Form):
    """The report's filters (GET): team, course and a period of due dates."""

    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All"))
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=CoursePage.objects.none(), required=False, empty_label=_("All")
    )
    due_from = forms.DateField(
        label=_("Due from"), required=False, widget=IsoDateInput(), input_formats=DATE_INPUT_FORMATS
    )
    due_until = forms.DateField(
        label=_("Due until"), required=False, widget=IsoDateInput(), input_formats=DATE_INPUT_FORMATS
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(organisation=organisation).order_by("name")
        self.fields["course"].queryset = CoursePage.objects.filter(
            pk__in=organisation.assignments.values("course_id")
        ).order_by("title")

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {key: data.get(key) for key in ("team", "course", "due_from", "due_until")}


class RetentionForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["removed_member_retention_months"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["removed_member_retention_months"]
        field.max_value = RETENTION_MAX_MONTHS
        field.validators.append(MaxValueValidator(RETENTION_MAX_MONTHS))
        field.widget.attrs.update({"min": 0, "max": RETENTION_MAX_MONTHS})
