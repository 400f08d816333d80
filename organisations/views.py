import csv
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import reports
from organisations.assignments import assignment_create
from organisations.export import csv_safe, results_export_record
from organisations.forms import AcceptInvitationForm, AssignmentForm, InviteForm, RosterUploadForm, TeamForm
from organisations.models import Invitation, Team
from organisations.roster import MAX_FILE_BYTES, RosterRow, roster_parse
from organisations.selectors import (
    managed_organisations,
    organisation_audit_entries,
    organisation_for_manager,
    organisation_invitations,
    organisation_members,
    organisation_teams,
)
from organisations.services import (
    invitation_accept,
    invitation_by_token,
    invitation_check_invitee,
    invitation_create,
    invitation_renew,
    members_import,
    roster_statuses,
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


@login_required
def report(request, organisation_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    context = {
        "organisation": organisation,
        "rows": reports.completion_by_team_and_course(organisation=organisation),
        "overdue": reports.overdue_people(organisation=organisation),
        "certificates": reports.certificate_status_counts(organisation=organisation),
        "chart": reports.month_chart(reports.completions_by_month(organisation=organisation)),
        "expiring_days": reports.EXPIRING_WITHIN_DAYS,
    }
    return render(request, "organisations/report.html", context)


@login_required
def export_csv(request, organisation_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    results_export_record(organisation=organisation, user=request.user, file_format="csv")
    header = [_("First name"), _("Last name"), _("E-mail address"), _("Team"), _("Course"), _("Due date"), _("Status")]
    writer = csv.writer(_Echo(), delimiter=";")
    lines = (
        writer.writerow(csv_safe(row)) for row in _with_header(header, reports.export_rows(organisation=organisation))
    )
    response = StreamingHttpResponse(_chunks(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="signaal-rapport-{organisation.pk}.csv"'
    return response


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
def members(request, organisation_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    form = InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        invitation = invitation_create(organisation=organisation, invited_by=request.user, **form.cleaned_data)
        if invitation:
            _invitation_message(request, invitation)
        else:
            messages.info(request, _("This person is already a member."))
        return redirect("organisations:members", organisation_id=organisation.pk)
    context = {
        "organisation": organisation,
        "members": organisation_members(organisation=organisation),
        "invitations": organisation_invitations(organisation=organisation),
        "form": form,
    }
    return render(request, "organisations/members.html", context)


def _invitation_message(request, invitation) -> None:
    """Sent, or (queued, or the mail server is away) being sent: the catch-up task sends it later."""
    invitation.refresh_from_db(fields=["sent_at"])
    if invitation.sent_at:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
    else:
        messages.info(request, _("The invitation to %(email)s is being sent.") % {"email": invitation.email})


@require_POST
@login_required
def invitation_resend(request, organisation_id: int, invitation_id: int):
    """Send an open invitation again: expired, still waiting for the mail server, or lost by the invitee."""
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    invitation = get_object_or_404(Invitation, organisation=organisation, pk=invitation_id, accepted_at__isnull=True)
    _invitation_message(request, invitation_renew(invitation=invitation))
    return redirect("organisations:members", organisation_id=organisation.pk)


@login_required
def roster_import(request, organisation_id: int):
    """Upload a staff list: first a dry run with a line per row, then the import on confirmation."""
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        team_names = set(Team.objects.filter(organisation=organisation).values_list("name", flat=True))
        try:
            rows = roster_parse(upload.read(MAX_FILE_BYTES + 1), known_teams=team_names)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            request.session[ROSTER_SESSION_KEY % organisation.pk] = [row.__dict__ for row in rows]
            statuses = roster_statuses(organisation=organisation, rows=rows)
            context = {
                "organisation": organisation,
                "rows": [(row, statuses[row.email]) for row in rows],
                "has_errors": any(not row.is_valid for row in rows),
                "new_count": sum(1 for s in statuses.values() if s == "new"),
            }
            return render(request, "organisations/import_preview.html", context)
    return render(request, "organisations/import.html", {"organisation": organisation, "form": form})


@require_POST
@login_required
def roster_import_confirm(request, organisation_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    stored = request.session.pop(ROSTER_SESSION_KEY % organisation.pk, None)
    if not stored:
        messages.error(request, _("Upload the file again: the check has expired."))
        return redirect("organisations:import", organisation_id=organisation.pk)
    rows = [RosterRow(**row) for row in stored]
    teams_by_name = {team.name: team for team in Team.objects.filter(organisation=organisation)}
    try:
        created = members_import(organisation=organisation, rows=rows, teams=teams_by_name, invited_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organisations:import", organisation_id=organisation.pk)
    messages.success(request, _("%(count)s invitations sent.") % {"count": len(created)})
    return redirect("organisations:members", organisation_id=organisation.pk)


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
