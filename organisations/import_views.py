"""Importing a staff list: upload (CSV or XLSX), a dry run that shows what would happen, then the import on
confirmation; and the template files to fill in."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.export import xlsx_file
from organisations.forms import RosterUploadForm
from organisations.models import Invitation, Team
from organisations.roster import MAX_FILE_BYTES, RosterRow, roster_parse
from organisations.roster_sync import RowAction, roster_plan
from organisations.roster_sync import roster_import as roster_import_run
from organisations.selectors import organisation_for_manager

ROSTER_SESSION_KEY = "organisations:roster:%s"
PREVIEW_ROWS = 500  # rows listed in the dry run besides errors and changes; the counts cover them all


@login_required
def roster_import(request, organisation_id: int):
    """Upload a staff list: first a dry run with what happens per row, then the import on confirmation."""
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
            remove_missing = form.cleaned_data["remove_missing"]
            request.session[ROSTER_SESSION_KEY % organisation.pk] = {
                "rows": [row.__dict__ for row in rows],
                "remove_missing": remove_missing,
            }
            plan = roster_plan(organisation=organisation, rows=rows, remove_missing=remove_missing)
            return render(request, "organisations/import_preview.html", _preview_context(organisation, rows, plan))
    return render(request, "organisations/import.html", {"organisation": organisation, "form": form})


def _preview_context(organisation, rows, plan) -> dict:
    errors = [row for row in rows if plan.actions[row.line] == RowAction.ERROR]
    changes = [row for row in rows if plan.actions[row.line] in (RowAction.INVITE, RowAction.MOVE)]
    return {
        "organisation": organisation,
        "plan": plan,
        "errors": errors,
        "rows": [(row, plan.actions[row.line], plan.moves.get(row.line)) for row in changes[:PREVIEW_ROWS]],
        "more_rows": max(len(changes) - PREVIEW_ROWS, 0),
        "counts": {
            "total": len(rows),
            "invite": plan.count(RowAction.INVITE),
            "move": plan.count(RowAction.MOVE),
            "unchanged": plan.count(RowAction.MEMBER) + plan.count(RowAction.INVITED),
            "errors": len(errors),
        },
    }


@require_POST
@login_required
def roster_import_confirm(request, organisation_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    stored = request.session.pop(ROSTER_SESSION_KEY % organisation.pk, None)
    if not stored or not isinstance(stored, dict):
        messages.error(request, _("Upload the file again: the check has expired."))
        return redirect("organisations:import", organisation_id=organisation.pk)
    rows = [RosterRow(**row) for row in stored["rows"]]
    try:
        result = roster_import_run(
            organisation=organisation,
            rows=rows,
            create_teams=set(request.POST.getlist("create_team")),
            remove_missing=stored["remove_missing"],
            imported_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organisations:import", organisation_id=organisation.pk)
    _import_message(request, result)
    return redirect("organisations:members", organisation_id=organisation.pk)


def _import_message(request, result) -> None:
    """What really happened: invitations sent, or waiting for the mail server; moves, new teams, removals."""
    sent = Invitation.objects.filter(pk__in=result.invitations, sent_at__isnull=False).count()
    waiting = len(result.invitations) - sent
    if sent:
        messages.success(request, _("%(count)s invitations sent.") % {"count": sent})
    if waiting:
        messages.warning(
            request,
            _(
                "%(count)s invitations are being sent: the mail server has not accepted them yet. They go out "
                'automatically; the list of invitations says "being sent" until then.'
            )
            % {"count": waiting},
        )
    if result.teams_created:
        messages.success(request, _("Teams created: %(names)s.") % {"names": ", ".join(result.teams_created)})
    if result.moved:
        messages.success(request, _("%(count)s people moved to another team.") % {"count": result.moved})
    if result.removed:
        messages.success(request, _("%(count)s people removed from the organisation.") % {"count": result.removed})
    if not (result.invitations or result.moved or result.removed or result.teams_created):
        messages.info(request, _("Nothing to change: everyone on the list is already here."))


def template_header() -> list[str]:
    return [_("E-mail address"), _("First name"), _("Last name"), _("Team")]


@login_required
def import_template(request, organisation_id: int, file_format: str):
    """An empty staff list with the right columns, in the reader's language (the import reads either)."""
    organisation_for_manager(user=request.user, organisation_id=organisation_id)  # coordinators only
    header = template_header()
    filename = f"signaal-personeelslijst.{file_format}"
    if file_format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerow(header)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if file_format == "xlsx":
        output = xlsx_file(header=header, rows=[], sheet_title=_("Staff list"))
        return FileResponse(
            output,
            as_attachment=True,
            filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise Http404
