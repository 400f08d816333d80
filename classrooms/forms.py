from django import forms
from django.utils.translation import gettext_lazy as _

from classrooms import codes
from classrooms.models import NICKNAME_MAX_LENGTH
from classrooms.nicknames import nickname_looks_real
from classrooms.selectors import assignable_courses
from organisations.models import Organisation

CODE_WRONG_LENGTH = _("A class code has 6 letters and numbers.")
PERSONAL_CODE_WRONG = _("Your personal code has 10 letters and numbers. Check it and try again.")
NICKNAME_LOOKS_REAL = _(
    "This looks like a real name. Better make one up, so nobody can find out who you are. "
    "Is it not your real name? Then tick the box below."
)


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

    not_my_name = forms.BooleanField(label=_("This is not my real name"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asks_about_name = False

    def clean_code(self):
        code = codes.code_normalise(self.cleaned_data["code"])
        if len(code) != codes.JOIN_CODE_LENGTH:
            raise forms.ValidationError(CODE_WRONG_LENGTH)
        return code

    def clean(self):
        """A nickname that looks like a real name is asked about once; ticking "not my real name" lets it through."""
        cleaned = super().clean()
        nickname = cleaned.get("nickname", "")
        if nickname and nickname_looks_real(nickname) and not cleaned.get("not_my_name"):
            self.asks_about_name = True
            self.add_error("nickname", forms.ValidationError(NICKNAME_LOOKS_REAL, code="nickname_looks_real"))
        return cleaned


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
