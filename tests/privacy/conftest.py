import pytest
from allauth.socialaccount.models import SocialAccount

from courses.models import LessonPage
from courses.services import enrollment_create, lesson_visit
from h5p.models import H5PContentState, H5PResult, H5PStatement
from organisations.audit import ROLE_CHANGED, organisation_log
from organisations.models import FormerMember
from organisations.services import invitation_accept, invitation_create
from quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.certificates.factories import issued_certificate
from tests.classrooms.factories import pupil_make, school_class_make
from tests.courses.factories import course_with_lessons
from tests.factories import UserFactory
from tests.h5p.factories import H5PActivityFactory
from tests.organisations.factories import OrganisationFactory, coordinator_of
from tests.quizzes.factories import QuizFactory, single_choice


def give_everything(person, *, times: int = 1):
    """Every kind of data the platform can hold about ``person``, ``times`` over (rows of each kind)."""
    organisation = OrganisationFactory(name=f"Gemeente Oost {person.pk}")
    coordinator = coordinator_of(organisation).user
    invitation = invitation_create(organisation=organisation, email=person.email, invited_by=coordinator)
    membership = invitation_accept(invitation=invitation, user=person)
    organisation_log(  # an entry about the person, made by someone else
        instance=membership, action=ROLE_CHANGED, user=coordinator, organisation_id=organisation.pk,
        title=person.email, old="member", new="member",
    )  # fmt: skip
    FormerMember.objects.create(organisation=OrganisationFactory(), name=person.get_full_name(), email=person.email)
    SocialAccount.objects.create(user=person, provider="gemeente", uid=f"sub-{person.pk}")
    for number in range(times):
        course = course_with_lessons(2, title=f"Cursus {number} van {person.pk}")
        enrollment = enrollment_create(learner=person, course=course)
        lesson_visit(enrollment=enrollment, lesson=LessonPage.objects.child_of(course).first())
        quiz = QuizFactory(questions=[single_choice("sc")])
        quiz_attempt_submit(attempt=quiz_attempt_start(quiz=quiz, learner=person), responses={"sc": {"option": "sc-a"}})
        activity = H5PActivityFactory()
        H5PStatement.objects.create(
            learner=person, activity=activity, verb="http://adlnet.gov/expapi/verbs/answered", statement={}
        )
        H5PResult.objects.create(learner=person, activity=activity, scaled=0.5, attempts=1)
        H5PContentState.objects.create(
            learner=person, activity=activity, data_type="state", sub_content_id="0", data="{}"
        )
        issued_certificate(learner=person, title=f"Certificaat {number} van {person.pk}")
        pupil_make(school_class_make(teacher=person, name=f"Klas {number}"), f"Vos{number}")
    return organisation


@pytest.fixture
def person(db):
    person = UserFactory(email="sanne@gemeente.example", first_name="Sanne", last_name="de Vries")
    give_everything(person)
    return person


@pytest.fixture
def bystander(db):
    other = UserFactory(email="ali@gemeente.example", first_name="Ali", last_name="Bakker")
    give_everything(other)
    return other
