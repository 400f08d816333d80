"""Django's minimum-length check with its message in our own catalogue.

Django 5.2 reworded this message and its Dutch catalogue has not caught up, so Dutch forms showed it in English.
The same words here put them in ``locale/nl`` (``make messages`` finds them), translated like the rest.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return (
            ngettext(
                "This password is too short. It must contain at least %d character.",
                "This password is too short. It must contain at least %d characters.",
                self.min_length,
            )
            % self.min_length
        )
