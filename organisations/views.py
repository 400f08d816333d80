import csv
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import reports
from organisations.assignments import assignment_create
from organisations.export import csv_cells, results_export_record, xlsx_file
from organisations.forms import (
    AcceptInvitationForm,
    AssignmentForm,
    ReminderForm,
    ReportFilterForm,
    TeamForm,
)
from organisations.reminders import overdue_reminders_outcome, overdue_reminders_send
from organisations.selectors import (
    managed_organisations,
    organisation_audit_entries,
    organisation_for_manager,
    organisation_teams,
)
from organisations.services import (
    invitation_accept,
    invitation_by_token,
    invitation_check_invitee,
    team_create,
    user_create_from_invitation,
)

ROSTER_SESSION_KEY = "organisations:roster:%s"
AUDIT_PAGE_SIZE = 50


@login_required
def home(request):
    organisations = managed_organisations(user=request.user)
    if len(organisations) == 1:
        return redirect("organisations:report", organisation_id=organisations[0].pk)
    return render(request, "organisations/home.html", {"organisations": organisations})


def _report_filters(request, organisation):
    form = ReportFilterForm(request.GET or None, organisation=organisation)
    return form, reports.ReportFilters.of(form.filters())


@login_required
def report(request, organisation_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    filter_form, filters = _report_filters(request, organisation)
    context = {
        "organisation": organisation,
        "filter_form": filter_form,
        "query": request.GET.urlencode(),
        "rows": reports.completion_by_team_and_course(organisation=organisation, filters=filters),
        "overdue": reports.overdue_people(organisation=organisation, filters=filters),
        "certificates": reports.certificate_status_counts(organisation=organisation),
        "chart": reports.month_chart(reports.completions_by_month(organisation=organisation)),
        "expiring_days": reports.EXPIRING_WITHIN_DAYS,
        "reminder_form": ReminderForm(organisation=organisation, prefix="remind"),
    }
    return render(request, "organisations/report.html", context)


@login_required
def export_csv(request, organisation_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    _form, filters = _report_filters(request, organisation)
    results_export_record(organisation=organisation, user=request.user, file_format="csv")
    writer = csv.writer(_Echo(), delimiter=";")
    rows = reports.export_rows(organisation=organisation, filters=filters)
    lines = (writer.writerow(csv_cells(row)) for row in _with_header(reports.export_header(), rows))
    response = StreamingHttpResponse(_chunks(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="signaal-rapport-{organisation.pk}.csv"'
    return response


@login_required
def export_xlsx(request, organisation_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    _form, filters = _report_filters(request, organisation)
    results_export_record(organisation=organisation, user=request.user, file_format="xlsx")
    output = xlsx_file(
        header=reports.export_header(),
        rows=reports.export_rows(organisation=organisation, filters=filters),
        sheet_title=_("Report"),
    )
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"signaal-rapport-{organisation.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_POST
@login_required
def remind_overdue(request, organisation_id: int):
    """Stuur nu een herinnering: remind the overdue people of a team or course; the message says what happened."""
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    form = ReminderForm(request.POST, organisation=organisation, prefix="remind")
    if not form.is_valid():
        messages.error(request, _("Choose a team or course of your own organisation."))
        return redirect("organisations:report", organisation_id=organisation.pk)
    started = timezone.now()
    outcome = overdue_reminders_send(organisation=organisation, sent_by=request.user, **form.cleaned_data)
    if not outcome.queued:
        messages.info(request, _("Nobody to remind: nobody is overdue, or they were reminded in the last day."))
    elif not settings.CELERY_TASK_ALWAYS_EAGER:
        messages.info(request, _("Reminders to %(count)s people are being sent.") % {"count": len(outcome.queued)})
    else:
        outcome = overdue_reminders_outcome(outcome, since=started)
        if outcome.sent:
            messages.success(request, _("Reminder sent to %(count)s people.") % {"count": outcome.sent})
        if outcome.sent < len(outcome.queued):
            messages.error(
                request,
                _("%(count)s reminders could not be sent: the mail server did not accept them. Try again later.")
                % {"count": len(outcome.queued) - outcome.sent},
            )
    return redirect("organisations:report", organisation_id=organisation.pk)


class _Echo:
    def write(self, value):
        return value


def _chunks(lines, size: int = 64 * 1024):
    """Lines joined into chunks of about ``size`` characters: one write per chunk, not one per row."""
    buffer, length = [], 0
    for line in lines:
        buffer.append(line)
        length += len(line)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


def _with_header(header, rows):
    yield ["\ufeff" + header[0], *header[1:]]  # the BOM lets Excel read UTF-8
    yield from rows


@login_required
def audit_trail(request, organisation_id: int):
    """Who did what in this organisation: invitations, imports, assignments, exports, roles and teams."""
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    page = Paginator(organisation_audit_entries(organisation=organisation), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "organisations/audit_trail.html", {"organisation": organisation, "page": page})


@login_required
def teams(request, organisation_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team_create(organisation=organisation, name=form.cleaned_data["name"], created_by=request.user)
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("Team created."))
            return redirect("organisations:teams", organisation_id=organisation.pk)
    context = {"organisation": organisation, "teams": organisation_teams(organisation=organisation), "form": form}
    return render(request, "organisations/teams.html", context)


@login_required
def assign(request, organisation_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    form = AssignmentForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment_create(
                organisation=organisation,
                course=data["course"],
                due_date=data["due_date"],
                teams=list(data["teams"]),
                memberships=list(data["people"]),
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Course assigned."))
            return redirect("organisations:report", organisation_id=organisation.pk)
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(request, "organisations/assign.html", {"organisation": organisation, "form": form}, status=status)


def _invitation_refused(request, error: ValidationError):
    return render(
        request,
        "organisations/invitation_invalid.html",
        {"message": error.messages[0]},
        status=HTTPStatus.GONE if error.code in ("expired", "used") else HTTPStatus.FORBIDDEN,
    )


def _invitation_for_current_user(request, invite):
    """Only the invited address, verified, may accept: anyone else is told so, and nothing changes."""
    try:
        invitation_check_invitee(invitation=invite, user=request.user)
        if request.method == "POST":
            invitation_accept(invitation=invite, user=request.user)
            messages.success(request, _("Welcome to %(name)s.") % {"name": invite.organisation.name})
            return redirect("dashboard")
    except ValidationError as error:
        return _invitation_refused(request, error)
    return render(request, "organisations/invitation_accept.html", {"invitation": invite})


def invitation(request, token: str):
    """The link from the invitation e-mail: accept with the current account, log in first, or create one."""
    try:
        invite = invitation_by_token(token=token)
    except ValidationError as error:
        return render(
            request,
            "organisations/invitation_invalid.html",
            {"message": error.messages[0]},
            status=HTTPStatus.GONE if error.code in ("expired", "used") else HTTPStatus.NOT_FOUND,
        )
    if request.user.is_authenticated:
        return _invitation_for_current_user(request, invite)
    from accounts.models import User

    if User.objects.filter(email__iexact=invite.email).exists():
        return render(request, "organisations/invitation_login.html", {"invitation": invite})
    form = AcceptInvitationForm(
        request.POST or None, initial={"first_name": invite.first_name, "last_name": invite.last_name}
    )
    if request.method == "POST" and form.is_valid():
        user = user_create_from_invitation(
            invitation=invite,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
        )
        invitation_accept(invitation=invite, user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to %(name)s.") % {"name": invite.organisation.name})
        return redirect("dashboard")
    return render(request, "organisations/invitation_signup.html", {"invitation": invite, "form": form})
