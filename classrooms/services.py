"""Writes for classes and pupils. Deleting a pupil always deletes their User, so the database's cascades
take every enrollment, lesson progress, quiz attempt and answer, H5P statement, result and saved state
with it."""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classrooms import audit, codes
from classrooms.models import NICKNAME_MAX_LENGTH, ClassCourse, ClassPoll, PollAnswer, Pupil, SchoolClass
from classrooms.projector import poll_question
from courses.models import CoursePage, LessonPage
from courses.services import enrollments_create_bulk
from organisations.models import Membership, Organisation

PERSONAL_CODE_UNKNOWN = _("This code is not right. Check it, or ask your teacher for your code.")
JOIN_CODE_UNKNOWN = _("We don't know this class code. Check the code and try again.")
JOINING_CLOSED = _("This class is closed for new pupils. Ask your teacher.")
NICKNAME_TAKEN = _("Someone in this class already has this nickname. Choose another one.")
NICKNAME_REFUSED = _("Your teacher did not allow this nickname. Choose another one.")
NICKNAME_INVALID = _("Use 2 to 24 letters or numbers. Spaces, - and _ are fine too. No e-mail address.")
COURSE_NOT_FOR_PUPILS = _("Only courses for pupils can be given to a class.")
CLASS_ARCHIVED = _("This class is archived.")
ORGANISATION_NOT_YOURS = _("Choose a school you are a member of.")
POLL_QUESTION_UNKNOWN = _(
    "The class cannot answer this question on their own devices: it is not a one-answer question of this lesson."
)
POLL_CLOSED = _("This question is closed. Look at the board, or wait for the next question.")
POLL_OPTION_UNKNOWN = _("Choose one of the answers.")

NICKNAME_PATTERN = re.compile(r"^[\w][\w \-]*$")
_JOIN_CODE_TRIES = 20


def nickname_clean(value: str) -> str:
    """The nickname as stored: inner spaces collapsed. Raises ValidationError when it cannot be one."""
    nickname = " ".join((value or "").split())
    if not 2 <= len(nickname) <= NICKNAME_MAX_LENGTH or not NICKNAME_PATTERN.match(nickname):
        raise ValidationError(NICKNAME_INVALID, code="nickname_invalid")
    return nickname


def _join_code_unused() -> str:
    for _try in range(_JOIN_CODE_TRIES):
        code = codes.join_code_new()
        if not SchoolClass.objects.filter(join_code=code).exists():
            return code
    raise RuntimeError("No free class code found; make JOIN_CODE_LENGTH longer.")


@transaction.atomic
def school_class_create(
    *, teacher, name: str, school_year: str, organisation: Organisation | None = None, join_code: str = ""
) -> SchoolClass:
    """A new class with a fresh join code (or ``join_code``, for demo data)."""
    if organisation is not None:
        is_member = Membership.objects.filter(
            user=teacher, organisation=organisation, organisation__kind=Organisation.Kind.SCHOOL
        ).exists()
        if not is_member:
            raise ValidationError(ORGANISATION_NOT_YOURS, code="organisation_not_yours")
    return SchoolClass.objects.create(
        teacher=teacher,
        organisation=organisation,
        name=name.strip(),
        school_year=school_year.strip(),
        join_code=codes.code_normalise(join_code) or _join_code_unused(),
    )


@transaction.atomic
def school_class_join_code_rotate(*, school_class: SchoolClass) -> SchoolClass:
    """A new join code: the old one stops working at once. Pupils who joined keep their personal codes."""
    if school_class.is_archived:
        raise ValidationError(CLASS_ARCHIVED, code="archived")
    school_class.join_code = _join_code_unused()
    school_class.save(update_fields=["join_code"])
    return school_class


def school_class_joining_set(*, school_class: SchoolClass, is_open: bool) -> SchoolClass:
    if school_class.is_archived and is_open:
        raise ValidationError(CLASS_ARCHIVED, code="archived")
    school_class.joining_open = is_open
    school_class.save(update_fields=["joining_open"])
    return school_class


@transaction.atomic
def school_class_course_assign(*, school_class: SchoolClass, course: CoursePage) -> ClassCourse:
    """Give a pupil course to the class and enrol the pupils already in it. Idempotent."""
    if school_class.is_archived:
        raise ValidationError(CLASS_ARCHIVED, code="archived")
    if not course.for_pupils:
        raise ValidationError(COURSE_NOT_FOR_PUPILS, code="not_for_pupils")
    assignment, _created = ClassCourse.objects.get_or_create(school_class=school_class, course=course)
    enrollments_create_bulk(
        learner_course_ids=[(user_id, course.pk) for user_id in school_class.pupils.values_list("user_id", flat=True)]
    )
    return assignment


def school_class_course_unassign(*, school_class: SchoolClass, course: CoursePage) -> None:
    """Take the course away from the class; pupils keep what they did until they are deleted."""
    ClassCourse.objects.filter(school_class=school_class, course=course).delete()


def _pupil_user_create():
    user = get_user_model()(email=None)
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def pupil_join(*, join_code: str, nickname: str, now: datetime | None = None) -> Pupil:
    """Create a pupil in the class with ``join_code`` and enrol them in its courses.

    The caller logs the pupil in and shows ``pupil.personal_code`` once.
    """
    school_class = SchoolClass.objects.filter(join_code=codes.code_normalise(join_code)).first()
    if school_class is None or school_class.is_archived:
        raise ValidationError(JOIN_CODE_UNKNOWN, code="join_code_unknown")
    if not school_class.joining_open:
        raise ValidationError(JOINING_CLOSED, code="joining_closed")
    nickname = nickname_clean(nickname)
    if nickname.lower() in school_class.refused_nicknames:
        raise ValidationError(NICKNAME_REFUSED, code="nickname_refused")
    seed = codes.seed_new()
    try:
        with transaction.atomic():
            pupil = Pupil.objects.create(
                user=_pupil_user_create(),
                school_class=school_class,
                nickname=nickname,
                code_seed=seed,
                code_digest=codes.code_digest(codes.personal_code(seed)),
                last_active_at=now or timezone.now(),
            )
    except IntegrityError:
        # Two pupils chose the same nickname at the same moment: the constraint lets one win.
        raise ValidationError(NICKNAME_TAKEN, code="nickname_taken") from None
    courses = CoursePage.objects.live().filter(class_assignments__school_class=school_class)
    enrollments_create_bulk(learner_course_ids=[(pupil.user_id, pk) for pk in courses.values_list("pk", flat=True)])
    return pupil


def pupil_nickname_is_taken(*, school_class: SchoolClass, nickname: str) -> bool:
    return school_class.pupils.filter(nickname__iexact=nickname).exists()


def pupil_touch(*, pupil_id: int, now: datetime | None = None) -> None:
    """Remember that the pupil was active; deletion of inactive pupils counts from here."""
    Pupil.objects.filter(pk=pupil_id).update(last_active_at=now or timezone.now())


@transaction.atomic
def pupil_code_reset(*, pupil: Pupil) -> Pupil:
    """A new personal code; the old one stops working at once."""
    seed = codes.seed_new()
    pupil.code_seed = seed
    pupil.code_digest = codes.code_digest(codes.personal_code(seed))
    pupil.save(update_fields=["code_seed", "code_digest"])
    return pupil


@transaction.atomic
def pupil_delete(*, pupil: Pupil, deleted_by=None, refused: bool = False) -> None:
    """Delete the pupil and everything they did: their User goes, and the cascades take the rest.

    The audit entry names the class and a count, not the pupil: a child's nickname is personal data."""
    get_user_model().objects.filter(pk=pupil.user_id).delete()
    audit.school_class_log(
        school_class=pupil.school_class, action=audit.PUPILS_DELETED, user=deleted_by, pupils=1, refused=refused
    )


@transaction.atomic
def pupil_refuse(*, pupil: Pupil, deleted_by=None) -> None:
    """Delete a pupil whose nickname is not acceptable, and keep that nickname out of the class."""
    school_class = SchoolClass.objects.select_for_update().get(pk=pupil.school_class_id)
    refused = pupil.nickname.lower()
    if refused not in school_class.refused_nicknames:
        school_class.refused_nicknames = [*school_class.refused_nicknames, refused]
        school_class.save(update_fields=["refused_nicknames"])
    pupil_delete(pupil=pupil, deleted_by=deleted_by, refused=True)


@transaction.atomic
def school_class_nickname_allow(*, school_class: SchoolClass, nickname: str) -> SchoolClass:
    """Undo a refusal: the nickname may be used in the class again. Idempotent."""
    locked = SchoolClass.objects.select_for_update().get(pk=school_class.pk)
    allowed = [refused for refused in locked.refused_nicknames if refused != nickname.lower()]
    if allowed != locked.refused_nicknames:
        locked.refused_nicknames = allowed
        locked.save(update_fields=["refused_nicknames"])
    school_class.refused_nicknames = locked.refused_nicknames
    return school_class


def _pupils_delete(pupils) -> int:
    user_ids = list(pupils.values_list("user_id", flat=True))
    get_user_model().objects.filter(pk__in=user_ids).delete()
    return len(user_ids)


@transaction.atomic
def school_class_archive(*, school_class: SchoolClass, now: datetime | None = None, archived_by=None) -> int:
    """Close the class for good and delete all its pupils with all their data. Returns how many pupils."""
    deleted = _pupils_delete(school_class.pupils.all())
    school_class.archived_at = school_class.archived_at or now or timezone.now()
    school_class.joining_open = False
    school_class.save(update_fields=["archived_at", "joining_open"])
    audit.school_class_log(school_class=school_class, action=audit.CLASS_ARCHIVED, user=archived_by, pupils=deleted)
    return deleted


@transaction.atomic
def school_class_delete(*, school_class: SchoolClass, deleted_by=None) -> int:
    """Delete the class and all its pupils with all their data. Returns how many pupils."""
    deleted = _pupils_delete(school_class.pupils.all())
    # Logged while the class still has its id; the entry keeps its name.
    audit.school_class_log(school_class=school_class, action=audit.CLASS_DELETED, user=deleted_by, pupils=deleted)
    school_class.delete()
    return deleted


def pupils_delete_inactive(*, now: datetime | None = None) -> int:
    """Delete pupils not active for ``PUPIL_INACTIVE_DAYS`` days, in batches. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=getattr(settings, "PUPIL_INACTIVE_DAYS", 365))
    deleted = 0
    while True:
        with transaction.atomic():
            batch = Pupil.objects.filter(last_active_at__lt=cutoff).order_by("pk")[:500]
            count = _pupils_delete(Pupil.objects.filter(pk__in=list(batch.values_list("pk", flat=True))))
        deleted += count
        if count < 500:
            return deleted


@transaction.atomic
def class_poll_open(*, school_class: SchoolClass, lesson: LessonPage, quiz_id: int, question_key: str) -> ClassPoll:
    """Put a one-answer question of the lesson to the class. An open poll of the class closes first: a class
    answers one question at a time. Asking the same question again starts a new poll with no answers."""
    if school_class.is_archived:
        raise ValidationError(CLASS_ARCHIVED, code="class_archived")
    question = poll_question(lesson=lesson, quiz_id=quiz_id, question_key=question_key)
    if question is None:
        raise ValidationError(POLL_QUESTION_UNKNOWN, code="poll_question_unknown")
    SchoolClass.objects.select_for_update().filter(pk=school_class.pk).first()  # one opener at a time
    ClassPoll.objects.filter(school_class=school_class, closed_at__isnull=True).update(closed_at=timezone.now())
    return ClassPoll.objects.create(
        school_class=school_class,
        quiz_id=quiz_id,
        question_key=question["key"],
        prompt=question["prompt"],
        options=question["options"],
    )


def class_poll_close(*, poll: ClassPoll) -> ClassPoll:
    """Stop answers coming in; closing a closed poll changes nothing."""
    ClassPoll.objects.filter(pk=poll.pk, closed_at__isnull=True).update(closed_at=timezone.now())
    poll.refresh_from_db(fields=["closed_at"])
    return poll


@transaction.atomic
def poll_answer(*, pupil: Pupil, poll_id: int, option_key: str) -> PollAnswer:
    """The pupil's choice in their class's open poll; answering again replaces it."""
    poll = (
        ClassPoll.objects.select_for_update()
        .filter(pk=poll_id, school_class_id=pupil.school_class_id, closed_at__isnull=True)
        .first()
    )
    if poll is None:
        raise ValidationError(POLL_CLOSED, code="poll_closed")
    if option_key not in {option["key"] for option in poll.options}:
        raise ValidationError(POLL_OPTION_UNKNOWN, code="poll_option_unknown")
    answer, _created = PollAnswer.objects.update_or_create(poll=poll, pupil=pupil, defaults={"option_key": option_key})
    return answer
