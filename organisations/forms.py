from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from organisations.models import Membership, Organisation, Team


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
        label=_("Staff list (CSV)"),
        help_text=_("Columns: e-mail, first name, last name, team. Comma or semicolon separated."),
    )


class AssignmentForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=CoursePage.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
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
