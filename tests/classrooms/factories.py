"""Classes and pupils made through the real services, so tests see what production sees."""

from classrooms import services
from classrooms.middleware import session_pupil_start
from classrooms.models import Pupil, SchoolClass
from tests.factories import UserFactory


def school_class_make(*, teacher=None, name: str = "2B", **fields) -> SchoolClass:
    return services.school_class_create(
        teacher=teacher or UserFactory(), name=name, school_year=fields.pop("school_year", "2025-2026"), **fields
    )


def pupil_make(school_class: SchoolClass, nickname: str = "", **fields) -> Pupil:
    nickname = nickname or f"Pupil {school_class.pupils.count() + 1}"
    return services.pupil_join(join_code=school_class.join_code, nickname=nickname, **fields)


def pupil_client_login(client, pupil: Pupil):
    """Log ``client`` in as the pupil the way the personal-code login does."""
    client.force_login(pupil.user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    request = type("Request", (), {"session": session})()
    session_pupil_start(request, pupil)
    session.save()
    return client


def says(response, message) -> bool:
    """Whether the page shows ``message`` in the page's language (as the template escaped it)."""
    from django.utils import translation
    from django.utils.html import escape

    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return escape(translation.gettext(str(message))) in response.content.decode()
