"""The front door: from the home page, each audience reaches its start by clicking; the header is one compact bar on
a phone; the shared components keep their shape (a badge one line high, a legend inside its box)."""

import pytest

from tests.courses.factories import catalogue, course_with_lessons
from tests.e2e.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def courses():
    catalogue()
    course_with_lessons(1, title="Mensenhandel, niet op school", for_staff=False, for_teachers=True)
    course_with_lessons(1, title="Herken de signalen", for_staff=True)


@pytest.mark.parametrize("width", [1280, 320])
def test_every_audience_reaches_its_start_from_the_home_page(new_page, courses, width):
    page = new_page(width=width, height=800)
    starts = [
        ("Doe mee met je klas", "/klas/meedoen/"),
        ("Kom terug met je code", "/klas/terug/"),
        ("Cursussen voor docenten", "/cursussen/?audience=teachers"),
        ("Cursussen voor medewerkers van de gemeente", "/cursussen/?audience=staff"),
        ("Certificaat controleren", "/certificaten/controleren/"),
        ("Waar meld ik?", "/waar-meld-ik/"),
    ]
    page.goto("/")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    for name, path in starts:
        page.goto("/")
        page.get_by_role("main").get_by_role("link", name=name).first.click()
        page.wait_for_url(f"**{path}")
        assert_no_horizontal_scroll(page)
    assert page.get_by_role("heading", level=1).is_visible()


@pytest.mark.parametrize("width", [375, 320])
def test_the_phone_header_is_one_bar_with_a_menu(new_page, courses, width):
    page = new_page(width=width, height=700)
    page.goto("/")

    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 72, f"the header wraps: {header['height']}px high"
    assert_no_horizontal_scroll(page)
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Cursussen", exact=True).click()
    page.wait_for_url("**/cursussen/")
    assert_accessible(page)


def test_the_language_switch_needs_no_second_button(new_page, courses):
    page = new_page()
    page.goto("/")
    assert not page.get_by_role("button", name="Wisselen").is_visible()

    page.locator("#header-language-select").select_option("en")

    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.get_by_role("link", name="Join your class").is_visible()


def test_badges_stay_one_line_tags_fit_their_word_and_legends_stay_inside_their_box(new_page):
    page = new_page(width=320, height=700)
    page.goto("/stijlgids/")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    badge = page.locator(".badge--valid").first
    box = badge.bounding_box()
    line_height = badge.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    assert box["height"] < 2 * line_height, "the badge wraps"
    assert box["width"] > box["height"], "the badge is squeezed to a letter's width"

    tag = page.locator("p > .tag").first
    assert tag.bounding_box()["width"] < tag.locator("xpath=..").bounding_box()["width"] / 2, "the tag spans the line"

    legend = page.locator(".sg-form fieldset > legend").bounding_box()
    fieldset = page.locator(".sg-form fieldset").bounding_box()
    assert legend["y"] > fieldset["y"], "the legend sits on the fieldset's border"
