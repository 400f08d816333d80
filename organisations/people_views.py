"""The coordinator's people pages: the member list, one person, removing, roles, teams and invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.forms import InviteForm, MemberFilterForm, MemberTeamsForm, RetentionForm, RoleForm
from organisations.members import invitation_revoke, member_remove, member_role_change, member_teams_set
from organisations.models import FormerMember, Invitation
from organisations.people import (
    PAGE_SIZE,
    ROW_STATUSES,
    member_of,
    members_for_list,
    open_invitations,
    person_assignments,
    person_certificates,
)
from organisations.retention import organisation_retention_set
from organisations.selectors import organisation_for_manager
from organisations.services import invitation_create, invitation_renew

INVITATIONS_PAGE_SIZE = 25


@login_required
def members(request, organisation_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    form = InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        invitation = invitation_create(organisation=organisation, invited_by=request.user, **form.cleaned_data)
        if invitation:
            invitation_message(request, invitation)
        else:
            messages.info(request, _("This person is already a member."))
        return redirect("organisations:members", organisation_id=organisation.pk)
    filter_form = MemberFilterForm(request.GET or None, organisation=organisation)
    filters = filter_form.filters()
    people = Paginator(members_for_list(organisation=organisation, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    invitations = Paginator(open_invitations(organisation=organisation), INVITATIONS_PAGE_SIZE).get_page(
        request.GET.get("invitations")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organisation": organisation,
        "people": people,
        "filter_form": filter_form,
        "filtered": any(value for key, value in filters.items() if key != "sort"),
        "query": query.urlencode(),
        "invitations": invitations,
        "form": form,
    }
    return render(request, "organisations/members.html", context)


@login_required
def person(request, organisation_id: int, membership_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    membership = member_of(organisation=organisation, membership_id=membership_id)
    rows = person_assignments(membership=membership)
    context = {
        "organisation": organisation,
        "membership": membership,
        "rows": rows,
        "statuses": ROW_STATUSES,
        "last_activity": max((row.last_activity for row in rows if row.last_activity), default=None),
        "certificates": person_certificates(membership=membership),
        "role_form": RoleForm(initial={"role": membership.role}),
        "teams_form": MemberTeamsForm(organisation=organisation, initial={"teams": list(membership.teams.all())}),
    }
    return render(request, "organisations/person.html", context)


@require_POST
@login_required
def person_role(request, organisation_id: int, membership_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    membership = member_of(organisation=organisation, membership_id=membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            member_role_change(membership=membership, role=form.cleaned_data["role"], changed_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Role changed."))
    else:
        messages.error(request, _("Choose a role from the list."))
    return redirect("organisations:person", organisation_id=organisation.pk, membership_id=membership.pk)


@require_POST
@login_required
def person_teams(request, organisation_id: int, membership_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    membership = member_of(organisation=organisation, membership_id=membership_id)
    form = MemberTeamsForm(request.POST, organisation=organisation)
    if form.is_valid():
        member_teams_set(membership=membership, teams=list(form.cleaned_data["teams"]), changed_by=request.user)
        messages.success(request, _("Teams changed."))
    else:
        messages.error(request, _("Choose teams of your own organisation."))
    return redirect("organisations:person", organisation_id=organisation.pk, membership_id=membership.pk)


@login_required
def person_remove(request, organisation_id: int, membership_id: int):
    """A confirmation page (GET) that says what goes and what stays; the removal itself is the form's POST."""
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    membership = member_of(organisation=organisation, membership_id=membership_id)
    if request.method == "POST":
        try:
            member_remove(membership=membership, removed_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("organisations:person", organisation_id=organisation.pk, membership_id=membership.pk)
        name = membership.user.get_full_name() or membership.user.email
        messages.success(request, _("%(name)s has been removed from the organisation.") % {"name": name})
        return redirect("organisations:members", organisation_id=organisation.pk)
    context = {"organisation": organisation, "membership": membership, "action": "member_remove"}
    return render(request, "organisations/confirm.html", context)


@require_POST
@login_required
def invitation_revoke_view(request, organisation_id: int, invitation_id: int):
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    invitation = get_object_or_404(Invitation, organisation=organisation, pk=invitation_id, accepted_at__isnull=True)
    invitation_revoke(invitation=invitation, revoked_by=request.user)
    messages.success(request, _("The invitation to %(email)s has been revoked.") % {"email": invitation.email})
    return redirect("organisations:members", organisation_id=organisation.pk)


@login_required
def former_members(request, organisation_id: int):
    """The records kept of removed members, and how long they are kept (the coordinators set it)."""
    organisation = organisation_for_manager(user=request.user, organisation_id=organisation_id)
    form = RetentionForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        organisation_retention_set(
            organisation=organisation, months=form.cleaned_data["removed_member_retention_months"], user=request.user
        )
        messages.success(request, _("Saved. The daily clean-up applies the new period."))
        return redirect("organisations:former_members", organisation_id=organisation.pk)
    page = Paginator(FormerMember.objects.filter(organisation=organisation), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"organisation": organisation, "page": page, "statuses": ROW_STATUSES, "form": form}
    status = 400 if form.errors else 200
    return render(request, "organisations/former_members.html", context, status=status)


def invitation_message(request, invitation) -> None:
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
    invitation_message(request, invitation_renew(invitation=invitation))
    return redirect("organisations:members", organisation_id=organisation.pk)
