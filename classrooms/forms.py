from django import forms
from django.utils.translation import gettext_lazy as _

from classrooms import codes
from classrooms.models import NICKNAME_MAX_LENGTH
from classrooms.selectors import assignable_courses
from organisations.models import Organisation

CODE_WRONG_LENGTH = _("A class code has 6 letters and numbers.")
PERSONAL_CODE_WRONG = _("Your personal code has 10 letters and numbers. Check it and try again.")


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Class code"),
        max_length=20,
        help_text=_("You get it from your teacher, for example SGN-2B7."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    nickname = forms.CharField(
        label=_("Nickname"),
        max_length=NICKNAME_MAX_LENGTH + 10,
        help_text=_("Make one up. Don't use your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = codes.code_normalise(self.cleaned_data["code"])
        if len(code) != codes.JOIN_CODE_LENGTH:
            raise forms.ValidationError(CODE_WRONG_LENGTH)
        return code


class CodeLoginForm(forms.Form):
    code = forms.CharField(
        label=_("Your personal code"),
        max_length=30,
        help_text=_("The code you got when you joined, for example ABCDE-FGHJK."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = codes.code_normalise(self.cleaned_data["code"])
        if len(code) != codes.PERSONAL_CODE_LENGTH:
            raise forms.ValidationError(PERSONAL_CODE_WRONG)
        return code


class SchoolClassForm(forms.Form):
    name = forms.CharField(label=_("Name of the class"), max_length=80, help_text=_("For example 2B."))
    school_year = forms.CharField(label=_("School year"), max_length=9, help_text=_("For example 2025-2026."))
    organisation = forms.ModelChoiceField(
        label=_("School"), queryset=Organisation.objects.none(), required=False, empty_label=_("No school (on my own)")
    )

    def __init__(self, *args, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        schools = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL, memberships__user=teacher)
        self.fields["organisation"].queryset = schools
        if not schools.exists():
            del self.fields["organisation"]


class AssignCourseForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Pupil course"), queryset=assignable_courses())
