"""Completion that cannot trap, in the real player: a required accordion (which says only that it was consumed,
as soon as it is shown) completes, a dialog-cards activity (which reports nothing) may sit optional beside it, and
the learner finishes the course. The other side, an editor who tries to make the dialog cards required, is refused
with the reason (tests/courses/test_cycles.py)."""

import json

import pytest
from playwright.sync_api import expect

from courses.models import Enrollment
from courses.services import enrollment_create
from h5p.content import activity_from_package
from tests.courses.factories import course_with_lessons, lesson_add
from tests.e2e.conftest import click_near_players, h5p_block, leave_player, page_logged_in
from tests.factories import UserFactory
from tests.h5p.factories import SHARED

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/h5p is not present"),
]


def test_a_required_accordion_completes_when_shown_and_optional_dialog_cards_do_not_block(
    new_page, client, live_server
):
    accordion = activity_from_package(path=SHARED / "valid" / "H5P.Accordion.h5p")
    cards = activity_from_package(path=SHARED / "valid" / "H5P.Dialogcards.h5p")
    course = course_with_lessons(0)
    body = [h5p_block(accordion, pass_threshold=0), h5p_block(cards, required=False, pass_threshold=0)]
    lesson = lesson_add(course, title="Lezen en oefenen", body=json.dumps(body))
    learner = UserFactory()
    enrollment_create(learner=learner, course=course)
    client.force_login(learner)
    page = page_logged_in(new_page, client, live_server)

    page.goto(lesson.url)
    for activity in (accordion, cards):
        page.locator(f'[data-activity-id="{activity.pk}"][data-h5p-ready="true"]').wait_for(timeout=30_000)
    block = page.locator(".activity--h5p").first

    # The accordion says it was consumed as soon as it is shown: the result is stored without a click.
    expect(block.get_by_text("Gehaald.")).to_be_visible()

    click_near_players(page.get_by_role("button", name="Klaar, cursus afronden"))
    expect(page.get_by_text("Goed gedaan: u hebt de cursus afgerond.")).to_be_visible()
    assert Enrollment.objects.get(learner=learner, course=course).is_completed
    leave_player(page)
