"""The journeys' CSP guard itself: a page that breaks its Content-Security-Policy is noticed."""

import pytest

from tests.e2e.conftest import csp_violation_collect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_inline_style_attribute_and_an_inline_script_are_refused_and_reported(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    violations: list[str] = []
    csp_violation_collect(context, violations)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.evaluate(
            """() => {
              document.body.setAttribute("style", "background: red");
              const script = document.createElement("script");
              script.textContent = "window.injected = true";
              document.body.append(script);
            }"""
        )
        page.wait_for_timeout(300)
        injected = page.evaluate("window.injected === true")
    finally:
        context.close()

    assert not injected
    assert any("style-src-attr" in v for v in violations), violations
    assert any("script-src-elem" in v for v in violations), violations
