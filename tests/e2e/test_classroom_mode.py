"""Journey: a teacher runs a lesson on the projector with the keyboard, shows an answer, and prints the pupils'
code slips; the class page lists the pupils. Without JavaScript the projector is one page with every step."""

import json
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from classrooms.services import school_class_course_assign
from tests.classrooms.factories import pupil_make, school_class_make
from tests.courses.factories import course_with_lessons, lesson_add
from tests.e2e.conftest import assert_accessible, assert_no_horizontal_scroll, page_logged_in, tab_to
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, single_choice, true_false

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STEPS = 5  # a text, two questions, a signal list, the discussion prompts


@pytest.fixture
def classroom():
    teacher = UserFactory(email="docent@school.example")
    course = course_with_lessons(1, title="Loverboys herkennen", for_pupils=True, for_staff=False)
    quiz = QuizFactory(title="Signalen", questions=[single_choice("q1"), true_false("q2")])
    body = [
        {"type": "text", "value": "<h2>Wat is een loverboy?</h2><p>Iemand die verliefdheid gebruikt.</p>"},
        {"type": "quiz", "value": {"quiz": quiz.pk, "is_required": True}},
        {
            "type": "signal_list",
            "value": {
                "heading": "Signalen",
                "groups": [{"form": "sexual", "signals": [{"signal": "Dure cadeaus", "explanation": ""}]}],
            },
        },
    ]
    lesson = lesson_add(
        course, title="Klassikaal bespreken", body=json.dumps(body), discussion_prompts="<p>Wat zou jij doen?</p>"
    )
    school_class = school_class_make(teacher=teacher, name="2B")
    school_class_course_assign(school_class=school_class, course=course)
    for nickname in ("Snelle Vos", "Stille Uil", "Langebijnaamzonderspatie"):
        pupil_make(school_class, nickname)
    return teacher, school_class, lesson


def _status(page):
    return page.locator("[data-projector-status]")


def _focus_is_visible(page) -> bool:
    """The focused element is on screen (not in a hidden step) and draws a focus ring."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body || !el.checkVisibility()) return false;
            const style = getComputedStyle(el);
            return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        }"""
    )


def test_the_teacher_steps_through_a_lesson_with_the_keyboard_and_shows_an_answer(
    new_page, client, live_server, classroom
):
    teacher, school_class, lesson = classroom
    client.force_login(teacher)
    page = page_logged_in(new_page, client, live_server)
    page.goto(f"/klas/{school_class.pk}/les/{lesson.pk}/projector/")
    page.wait_for_load_state("networkidle")

    # No site header or account links; the controls appear and say where we are.
    expect(page.locator(".site-header")).to_have_count(0)
    expect(page.get_by_role("link", name="Uitloggen")).to_have_count(0)
    expect(_status(page)).to_have_text(f"Blok 1 van {STEPS}")
    expect(page.get_by_role("heading", name="Wat is een loverboy?")).to_be_visible()
    expect(page.get_by_text("Single choice q1?")).to_be_hidden()
    assert_accessible(page)

    # → shows the next step only; the question comes without its answer.
    page.keyboard.press("ArrowRight")
    expect(_status(page)).to_have_text(f"Blok 2 van {STEPS}")
    expect(page.get_by_role("heading", name="Wat is een loverboy?")).to_be_hidden()
    expect(page.get_by_text("Single choice q1?")).to_be_visible()
    expect(page.get_by_text("EXPLANATION q1")).to_be_hidden()
    assert page.url.endswith("#blok-2")

    # The teacher tabs to "Toon antwoord" (a visible focus ring) and opens it.
    reveal = page.locator("#blok-2 summary")
    expect(reveal).to_have_text("Toon antwoord", use_inner_text=True)
    tab_to(page, reveal)
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_text("EXPLANATION q1")).to_be_visible()
    expect(page.locator("#blok-2 .projector-key li").nth(1)).to_contain_text("juist")
    expect(reveal).to_have_text("Verberg antwoord", use_inner_text=True)
    assert_accessible(page)

    # With the focus in the step that goes away, → takes the focus along to the new step.
    page.keyboard.press("ArrowRight")
    expect(_status(page)).to_have_text(f"Blok 3 van {STEPS}")
    expect(page.get_by_text("Niet waar", exact=True)).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "blok-3"
    expect(page.locator("#blok-3 details")).not_to_have_attribute("open", "")

    # ← goes back; the answer shown stays shown.
    page.keyboard.press("ArrowLeft")
    expect(_status(page)).to_have_text(f"Blok 2 van {STEPS}")
    expect(page.get_by_text("EXPLANATION q1")).to_be_visible()

    # Buttons for a touch screen; the last step is the discussion, and "Volgende" goes no further.
    for _ in range(STEPS - 2):
        page.get_by_role("button", name="Volgende").click()
    expect(_status(page)).to_have_text(f"Blok {STEPS} van {STEPS}")
    expect(page.get_by_text("Wat zou jij doen?")).to_be_visible()
    expect(page.get_by_role("button", name="Volgende")).to_have_attribute("aria-disabled", "true")
    page.get_by_role("button", name="Vorige").click()
    expect(_status(page)).to_have_text(f"Blok {STEPS - 1} van {STEPS}")
    assert page.evaluate("document.activeElement.hasAttribute('data-projector-previous')")  # it keeps the focus
    page.keyboard.press("Tab")  # from the keyboard, the focus shows its ring
    assert page.evaluate("document.activeElement.hasAttribute('data-projector-next')")
    assert _focus_is_visible(page)

    # F toggles full screen; the button says so.
    page.locator("main").click(position={"x": 5, "y": 5})
    page.keyboard.press("f")
    expect(page.get_by_role("button", name="Volledig scherm")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("document.fullscreenElement === document.documentElement")
    page.keyboard.press("f")
    expect(page.get_by_role("button", name="Volledig scherm")).to_have_attribute("aria-pressed", "false")

    # A reload stays on the step in the address.
    page.reload()
    expect(_status(page)).to_have_text(f"Blok {STEPS - 1} van {STEPS}")
    assert_accessible(page)

    # On a phone-sized screen nothing scrolls sideways.
    phone = page_logged_in(new_page, client, live_server, width=320, height=640)
    phone.goto(f"/klas/{school_class.pk}/les/{lesson.pk}/projector/")
    phone.wait_for_load_state("networkidle")
    assert_no_horizontal_scroll(phone)


def test_without_javascript_the_projector_is_one_page_with_every_step(browser, live_server, client, classroom):
    teacher, school_class, lesson = classroom
    client.force_login(teacher)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page = context.new_page()
        page.goto(f"/klas/{school_class.pk}/les/{lesson.pk}/projector/")
        for number in range(1, STEPS + 1):
            expect(page.locator(f"#blok-{number}")).to_be_visible()
        expect(page.get_by_text(f"Blok 1 van {STEPS}")).to_be_visible()
        expect(page.get_by_role("button", name="Volgende")).to_be_hidden()  # no controls that would not work
        expect(page.get_by_text("EXPLANATION q1")).to_be_hidden()
        page.locator("#blok-2 summary").click()  # <details> opens without a script
        expect(page.get_by_text("EXPLANATION q1")).to_be_visible()
    finally:
        context.close()


def test_the_roster_and_the_code_slips_work_on_a_phone(new_page, client, live_server, classroom):
    teacher, school_class, _lesson = classroom
    client.force_login(teacher)
    page = page_logged_in(new_page, client, live_server, width=320, height=640)

    page.goto(f"/klas/{school_class.pk}/")
    page.wait_for_load_state("networkidle")
    row = page.get_by_role("row", name="Snelle Vos")
    expect(row).to_contain_text("0 van 2 lessen")
    expect(row).to_contain_text(re.compile(r"geleden|nu"))
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_role("link", name="Codestrookjes printen").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".code-slip")).to_have_count(3)
    expect(page.locator(".code-slip").first).to_contain_text("Je persoonlijke code")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    # Printed, the buttons and the site's header are gone and the slips sit two to a row.
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    columns = page.evaluate(
        "getComputedStyle(document.querySelector('.code-slips')).gridTemplateColumns.split(' ').length"
    )
    assert columns == 2


def test_the_class_answers_on_their_own_devices_and_the_board_shows_what_they_chose(
    new_page, client, live_server, classroom
):
    from django.test import Client

    from classrooms.models import Pupil
    from tests.classrooms.factories import pupil_client_login

    teacher, school_class, lesson = classroom
    client.force_login(teacher)
    board = page_logged_in(new_page, client, live_server)
    board.goto(f"/klas/{school_class.pk}/les/{lesson.pk}/projector/#blok-2")
    expect(_status(board)).to_have_text(f"Blok 2 van {STEPS}")
    board.get_by_role("button", name="Laat de klas antwoorden op hun eigen apparaat").click()
    counter = board.locator("#blok-2 [data-poll-answered]")
    expect(counter).to_have_text("0 van 3 leerlingen hebben geantwoord")
    expect(_status(board)).to_have_text(f"Blok 2 van {STEPS}")  # back on the same step
    assert_accessible(board)

    # A pupil answers on a phone; the board's count follows without a reload.
    pupil = Pupil.objects.get(nickname="Snelle Vos")
    phone = page_logged_in(new_page, pupil_client_login(Client(), pupil), live_server, width=320, height=640)
    phone.goto("/klas/mijn-lessen/")
    phone.get_by_role("link", name="Beantwoord de vraag").click()
    expect(phone.get_by_role("group", name="Single choice q1?")).to_be_visible()
    assert_accessible(phone)
    assert_no_horizontal_scroll(phone)
    phone.get_by_label("Option q1-b").check()
    phone.get_by_role("button", name="Verstuur mijn antwoord").click()
    expect(phone.get_by_text("Je antwoord is binnen.")).to_be_visible()
    expect(counter).to_have_text("1 van 3 leerlingen hebben geantwoord", timeout=10_000)

    # The teacher stops the question: the board shows shares, never names.
    board.get_by_role("button", name="Stop en toon wat de klas koos").click()
    expect(board.get_by_text("100 % koos B")).to_be_visible()
    expect(board.get_by_text("0 % koos A")).to_be_visible()
    expect(board.get_by_text("Snelle Vos")).to_have_count(0)
    assert_accessible(board)
    phone.get_by_role("link", name="Kijk opnieuw").click()
    expect(phone.get_by_text("Er staat nu geen vraag open.")).to_be_visible()
