"""Assigning courses to teams and people, in bulk: a fixed number of queries, whatever the headcount."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.mail import mail_send, site_url
from courses.models import CoursePage, Enrollment
from courses.services import enrollments_create_bulk
from organisations import audit
from organisations.assignment_mail import assignment_mails_enqueue
from organisations.delivery import GRACE, MAIL_ERRORS, retry_at
from organisations.models import Assignment, Membership, Organisation, PersonAssignment, Team, TeamMembership

logger = logging.getLogger(__name__)

ASSIGNMENT_NO_TARGET = _("Choose at least one team or person.")
ASSIGNMENT_COURSE_NOT_LIVE = _("This course is not published.")
ASSIGNMENT_DUE_IN_PAST = _("The due date cannot be in the past.")
ASSIGNMENT_FOREIGN_TARGET = _("Choose teams and people of your own organisation.")


@transaction.atomic
def assignment_create(
    *,
    organisation: Organisation,
    course: CoursePage,
    due_date: date,
    teams: list[Team] = (),
    memberships: list[Membership] = (),
    created_by=None,
) -> list[Assignment]:
    """Assign a course to teams and people. Idempotent: assigning again only moves the due date."""
    if not teams and not memberships:
        raise ValidationError(ASSIGNMENT_NO_TARGET)
    if not course.live:
        raise ValidationError(ASSIGNMENT_COURSE_NOT_LIVE)
    if due_date < timezone.localdate():
        raise ValidationError(ASSIGNMENT_DUE_IN_PAST)
    if any(t.organisation_id != organisation.pk for t in teams) or any(
        m.organisation_id != organisation.pk for m in memberships
    ):
        raise ValidationError(ASSIGNMENT_FOREIGN_TARGET)
    wanted = [
        Assignment(organisation=organisation, course=course, team=t, due_date=due_date, created_by=created_by)
        for t in teams
    ]
    wanted += [
        Assignment(organisation=organisation, course=course, membership=m, due_date=due_date, created_by=created_by)
        for m in memberships
    ]
    assignments = Assignment.objects.filter(organisation=organisation, course=course).filter(
        _targets(teams, memberships)
    )
    due_dates_before = list(assignments.values_list("due_date", flat=True))
    Assignment.objects.bulk_create(wanted, ignore_conflicts=True)
    assignments.update(due_date=due_date)
    _people_sync(assignment_ids=list(assignments.values_list("pk", flat=True)))
    if len(due_dates_before) < len(wanted) or any(before != due_date for before in due_dates_before):
        _assignment_log(
            organisation=organisation,
            course=course,
            due_date=due_date,
            teams=teams,
            memberships=memberships,
            created_by=created_by,
        )
    return list(assignments)


def _assignment_log(*, organisation, course, due_date, teams, memberships, created_by) -> None:
    """On the trail only when something changed: assigning the same again is not an action."""
    audit.organisation_log(
        instance=organisation,
        action=audit.ASSIGNMENT_CREATED,
        user=created_by,
        organisation_id=organisation.pk,
        title=course.title,
        course=course.pk,
        due_date=due_date.isoformat(),
        teams=[team.name for team in teams],
        people=len(memberships),
    )


def _targets(teams, memberships) -> Q:
    return Q(team__in=[t.pk for t in teams]) | Q(membership__in=[m.pk for m in memberships])


def _people_sync(*, assignment_ids: list[int]) -> None:
    """Give every person in the assignments' teams (or named directly) their share, and an enrollment."""
    team_rows = TeamMembership.objects.filter(team__assignments__in=assignment_ids).values_list(
        "team__assignments", "membership_id"
    )
    direct_rows = Assignment.objects.filter(pk__in=assignment_ids, membership__isnull=False).values_list(
        "pk", "membership_id"
    )
    pairs = set(team_rows) | set(direct_rows)
    # New shares are marked "to mail" (existing ones are left alone by ignore_conflicts): the assignment mail.
    to_mail = timezone.now() + GRACE
    PersonAssignment.objects.bulk_create(
        [PersonAssignment(assignment_id=a, membership_id=m, assigned_mail_next_attempt_at=to_mail) for a, m in pairs],
        ignore_conflicts=True,
        batch_size=2000,
    )
    assignment_mails_enqueue(assignment_ids=assignment_ids)
    learners = (
        PersonAssignment.objects.filter(assignment_id__in=assignment_ids)
        .values_list("membership__user_id", "assignment__course_id")
        .distinct()
    )
    enrollments_create_bulk(learner_course_ids=learners)


def assignments_apply_to_new_team_member(*, membership: Membership) -> None:
    """Someone who joins a team later gets the team's open assignments."""
    open_ids = list(
        Assignment.objects.filter(
            team__teammembership__membership=membership, due_date__gte=timezone.localdate()
        ).values_list("pk", flat=True)
    )
    if open_ids:
        _people_sync(assignment_ids=open_ids)


def completed_enrollment(outer_user: str, outer_course: str) -> Exists:
    return Exists(
        Enrollment.objects.filter(
            learner_id=OuterRef(outer_user), course_id=OuterRef(outer_course), status=Enrollment.Status.COMPLETED
        )
    )


def due_people(**filters):
    return (
        PersonAssignment.objects.filter(**filters)
        .annotate(done=completed_enrollment("membership__user_id", "assignment__course_id"))
        .filter(done=False)
        .select_related("membership__user", "assignment__course")
    )


REMINDER = ("reminded_at", "organisations/email/reminder.txt")
OVERDUE_NOTICE = ("overdue_notified_at", "organisations/email/overdue.txt")


def assignment_reminders_send(*, today: date | None = None) -> tuple[int, int]:
    """Mail each person once before the due date and once when overdue. Returns (reminders, overdue notices).

    Each mail stands on its own: one the mail server refuses is recorded on its row and retried by
    ``assignment_notices_retry``, and the rest go out."""
    today = today or timezone.localdate()
    days = settings.ASSIGNMENT_REMINDER_DAYS_BEFORE
    upcoming = due_people(
        reminded_at__isnull=True,
        assignment__due_date__lte=today + timedelta(days=days),
        assignment__due_date__gte=today,
    )
    overdue = due_people(overdue_notified_at__isnull=True, assignment__due_date__lt=today)
    reminders = sum(_notify(person, *REMINDER) for person in upcoming)
    notices = sum(_notify(person, *OVERDUE_NOTICE) for person in overdue)
    return reminders, notices


def assignment_notices_retry(*, now=None, limit: int = 500) -> int:
    """Catch-up: send again the reminders and overdue notices that failed and whose next try is due."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for person in due_people(notice_attempts__gt=0, notice_next_attempt_at__lte=now).order_by("pk")[:limit]:
        due_date = person.assignment.due_date
        if due_date < today and person.overdue_notified_at is None:
            sent += _notify(person, *OVERDUE_NOTICE)
        elif due_date >= today and person.reminded_at is None:
            sent += _notify(person, *REMINDER)
        else:
            PersonAssignment.objects.filter(pk=person.pk).update(notice_attempts=0, notice_next_attempt_at=None)
    return sent


def reminder_mail_send(person: PersonAssignment, *, template: str) -> None:
    """A reminder about ``person``'s assigned course and its due date (the due-soon, overdue and "now" reminders)."""
    user = person.membership.user
    course = person.assignment.course
    context = {"user": user, "course": course, "due_date": person.assignment.due_date, "base_url": site_url()}
    mail_send(
        subject=str(_("Reminder: %(course)s") % {"course": course.title}),
        text=render_to_string(template, context),
        to=[user.email],
    )


def _notify(person: PersonAssignment, field: str, template: str) -> bool:
    try:
        return _notice_deliver(person, field, template)
    except MAIL_ERRORS:
        logger.exception("person assignment %s: %s not sent; the catch-up task tries again", person.pk, field)
        with transaction.atomic():
            locked = PersonAssignment.objects.select_for_update().get(pk=person.pk)
            locked.notice_attempts += 1
            locked.notice_next_attempt_at = retry_at(attempts=locked.notice_attempts, now=timezone.now())
            locked.save(update_fields=["notice_attempts", "notice_next_attempt_at"])
        return False


@transaction.atomic
def _notice_deliver(person: PersonAssignment, field: str, template: str) -> bool:
    locked = PersonAssignment.objects.select_for_update().get(pk=person.pk)
    if getattr(locked, field):
        return False  # another worker sent it already
    if not person.membership.user.email:
        return False
    reminder_mail_send(person, template=template)
    setattr(locked, field, timezone.now())
    locked.notice_attempts, locked.notice_next_attempt_at = 0, None
    locked.save(update_fields=[field, "notice_attempts", "notice_next_attempt_at"])
    return True
