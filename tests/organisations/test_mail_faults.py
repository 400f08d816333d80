"""With the mail server down, coordinators get their page, see "wordt verstuurd", and everything goes out
exactly once when the mail server is back (the catch-up task); an expired invitation can be sent again."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from organisations.models import Invitation
from organisations.services import invitations_send_unsent
from organisations.tasks import mail_catch_up_task
from tests.organisations.factories import OrganisationFactory, coordinator_of

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=2)


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def coordinator_client(client, organisation):
    client.force_login(coordinator_of(organisation).user)
    return client


def _invite(client, organisation, email="anna@example.org", capture=None):
    url = reverse("organisations:members", args=[organisation.pk])
    with capture(execute=True):
        return client.post(url, {"email": email, "first_name": "Anna", "last_name": "Jansen"}, follow=True)


def test_an_invitation_with_the_mail_server_down_is_not_a_500_but_being_sent(
    coordinator_client, organisation, mail_server, mailoutbox, django_capture_on_commit_callbacks
):
    mail_server.down()

    response = _invite(coordinator_client, organisation, capture=django_capture_on_commit_callbacks)

    assert response.status_code == HTTPStatus.OK
    assert "wordt verstuurd" in response.text
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None and invitation.send_attempts == 1
    assert invitation.next_attempt_at > timezone.now()


def test_the_invitation_goes_out_once_when_the_mail_server_is_back(
    coordinator_client, organisation, mail_server, mailoutbox, django_capture_on_commit_callbacks
):
    mail_server.down()
    _invite(coordinator_client, organisation, capture=django_capture_on_commit_callbacks)
    assert invitations_send_unsent() == []  # the backoff holds the retry back
    invitations_send_unsent(now=timezone.now() + LATER)  # still down: one more failed try
    mail_server.up()

    invitations_send_unsent(now=timezone.now() + 2 * LATER)
    invitations_send_unsent(now=timezone.now() + 3 * LATER)

    invitation = Invitation.objects.get()
    assert invitation.sent_at is not None and invitation.send_attempts == 2
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]
    page = coordinator_client.get(reverse("organisations:members", args=[organisation.pk])).text
    assert "wordt verstuurd" not in page and "verstuurd op" in page


def test_inviting_an_expired_invitation_again_renews_it_with_a_working_link(
    coordinator_client, organisation, client, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(coordinator_client, organisation, capture=django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    old_link = re.search(r"/organisatie/uitnodiging/\S+/", mailoutbox[0].body).group(0)

    response = _invite(coordinator_client, organisation, capture=django_capture_on_commit_callbacks)

    assert "al uitgenodigd" not in response.text
    invitation = Invitation.objects.get()  # renewed, not a second one
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    assert len(mailoutbox) == 2
    new_link = re.search(r"/organisatie/uitnodiging/\S+/", mailoutbox[1].body).group(0)
    assert new_link != old_link
    coordinator_client.logout()
    assert client.get(old_link).status_code == HTTPStatus.NOT_FOUND
    assert client.get(new_link).status_code == HTTPStatus.OK


def test_the_members_page_shows_each_invitation_and_sends_one_again(
    coordinator_client, organisation, mail_server, mailoutbox, django_capture_on_commit_callbacks
):
    mail_server.down()
    _invite(coordinator_client, organisation, capture=django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    page = coordinator_client.get(reverse("organisations:members", args=[organisation.pk])).text
    assert "anna@example.org" in page and "wordt verstuurd" in page

    mail_server.up()
    resend = reverse("organisations:invitation_resend", args=[organisation.pk, invitation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(resend, follow=True)

    assert response.status_code == HTTPStatus.OK
    assert len(mailoutbox) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and invitation.send_attempts == 0


def test_another_organisation_cannot_resend_an_invitation(
    coordinator_client, organisation, django_capture_on_commit_callbacks
):
    other = OrganisationFactory()
    foreign = Invitation.objects.create(
        organisation=other, email="x@example.org", expires_at=timezone.now() + timedelta(days=1)
    )
    resend = reverse("organisations:invitation_resend", args=[organisation.pk, foreign.pk])
    assert coordinator_client.post(resend).status_code == HTTPStatus.NOT_FOUND


def test_importing_an_expired_invitation_again_renews_it(coordinator_client, organisation, mailoutbox):
    from organisations.roster import RosterRow
    from organisations.services import members_import

    row = RosterRow(line=1, email="bram@example.org", first_name="Bram", last_name="Bakker", team="")
    members_import(organisation=organisation, rows=[row], teams={})
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1), sent_at=timezone.now())

    created = members_import(organisation=organisation, rows=[row], teams={})

    assert list(created) == ["bram@example.org"]
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None and invitation.expires_at > timezone.now()


def test_the_catch_up_task_leaves_sent_and_expired_invitations_alone(organisation, mailoutbox):
    now = timezone.now()
    Invitation.objects.create(organisation=organisation, email="a@example.org", expires_at=now - timedelta(days=1))
    Invitation.objects.create(
        organisation=organisation, email="b@example.org", expires_at=now + timedelta(days=1), sent_at=now
    )

    assert mail_catch_up_task.delay().get()["invitations"] == 0
    assert mailoutbox == []
