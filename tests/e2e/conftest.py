"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

The browser is Debian's /usr/bin/chromium, installed by `make setup`; Playwright never downloads one of its own.
"""

import json
import time
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def static_files_for_any_origin():
    """The live server serves /static/ with Django's own handler, before any middleware. In production WhiteNoise
    serves them with ``Access-Control-Allow-Origin: *`` (tests/h5p/test_sandbox.py), which the H5P sandbox, an
    opaque origin, needs to load the player's fonts; the live server does the same."""
    from django.contrib.staticfiles.handlers import StaticFilesHandlerMixin

    serve = StaticFilesHandlerMixin.serve

    def serve_for_any_origin(self, request):
        response = serve(self, request)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StaticFilesHandlerMixin, "serve", serve_for_any_origin)
        yield


@pytest.fixture(scope="session", autouse=True)
def live_server_requests_one_at_a_time():
    """The tests' in-memory SQLite is one connection, shared by the live server's request threads: two requests
    at once (two players saving, a page and a second device) would interleave their transactions on it and break
    it for every test after. Django handles the live server's writing requests (POST, PUT, DELETE) one at a time;
    pages, package files and static files still go in parallel. Concurrent writes are specified on PostgreSQL
    (tests/*/test_*_pg.py)."""
    import threading

    from django.core.handlers.wsgi import WSGIHandler

    handle = WSGIHandler.__call__
    one_at_a_time = threading.Lock()

    def handle_alone(self, environ, start_response):
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD", "OPTIONS"):
            return handle(self, environ, start_response)
        with one_at_a_time:
            return handle(self, environ, start_response)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WSGIHandler, "__call__", handle_alone)
        yield


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every frame of every page reports what its Content-Security-Policy refused; Chromium also logs it to the console.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const report = [event.effectiveDirective, event.blockedURI || "inline", event.sourceFile, event.lineNumber].join(" ");
  if (window.__cspViolation) window.__cspViolation(report + " on " + document.location.href);
});
"""


def csp_violation_collect(context, violations: list[str]) -> None:
    """Collect every Content-Security-Policy violation in ``context``'s pages and frames into ``violations``."""
    context.expose_binding("__cspViolation", lambda source, report: violations.append(report))
    context.add_init_script(CSP_LISTENER)

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            violations.append(f"{text} ({message.location.get('url', '')})")

    context.on("console", on_console)


@pytest.fixture
def new_page(browser, live_server):
    """Opens a fresh browser context (a new device) on the live server: call it again for another device.

    A journey fails when any page or frame it opened broke the Content-Security-Policy.
    """
    contexts = []
    violations: list[str] = []

    def open_page(*, width: int = 1280, height: int = 900):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        csp_violation_collect(context, violations)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations))


def assert_accessible(page) -> None:
    """Run axe-core on the page: fail on serious or critical WCAG 2.0/2.1 A/AA violations, list moderate ones."""
    # Evaluated through DevTools, not added as an inline <script>: the page's CSP would refuse that (and so it should).
    page.evaluate(AXE.read_text())
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    blocking = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    for violation in results["violations"]:
        if violation not in blocking:
            print(f"[axe {violation['impact']}] {page.url}: {violation['id']}: {violation['help']}")
    assert not blocking, json.dumps(
        [{"id": v["id"], "help": v["help"], "nodes": [n["html"][:200] for n in v["nodes"][:3]]} for v in blocking],
        indent=2,
    )


def assert_no_horizontal_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def log_in(page, email: str, password: str) -> None:
    """Log in as a person would; someone with MFA (tests.factories.mfa_enable) then types their app's code."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/2fa/authenticate/" in page.url:
        page.locator("input[name=code]").fill(_unused_totp_code(email))
        page.locator("main form button[type=submit]:not([form])").first.click()  # not "Cancel"
        page.wait_for_url(lambda url: "/accounts/2fa/authenticate/" not in url)


_used_totp_codes: set[tuple[str, int]] = set()


def _unused_totp_code(email: str) -> str:
    """allauth accepts each code once: a second login of the same person within 30 s waits for the next one."""
    from tests.factories import totp_code

    period = int(time.time()) // 30
    if (email, period) in _used_totp_codes or time.time() % 30 > 27:  # used, or about to turn on the server
        time.sleep(30 - time.time() % 30 + 0.1)
        period = int(time.time()) // 30
    _used_totp_codes.add((email, period))
    return totp_code(at=period * 30)


def tab_to(page, locator, *, limit: int = 80) -> None:
    """Press Tab until ``locator`` has the focus, as a keyboard user would; fail if it never gets there."""
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => el === document.activeElement", target):
            return
    raise AssertionError(f"Tab never reached {locator} on {page.url}")


def quiz_block(quiz, *, required: bool = True) -> dict:
    return {"type": "quiz", "value": {"quiz": quiz.pk, "is_required": required}}


def h5p_block(activity, *, required: bool = True, pass_threshold: int = 70) -> dict:
    return {
        "type": "h5p",
        "value": {"activity": activity.pk, "is_required": required, "pass_threshold": pass_threshold},
    }


def text_block(html: str) -> dict:
    return {"type": "text", "value": html}


def page_logged_in(new_page, client, live_server, **viewport):
    """A fresh browser context (a device of its own) with the session of the test client's logged-in user."""
    page = new_page(**viewport)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return page


def h5p_content(page, activity):
    """The H5P content of one activity on the page: its sandboxed frame."""
    return page.frame_locator(f"#h5p-player-{activity.pk} > iframe")


def h5p_content_frame(page, activity):
    """The same frame as a Playwright Frame, to evaluate script in it (DevTools reach across origins)."""
    return page.locator(f"#h5p-player-{activity.pk} > iframe").element_handle().content_frame()


def click_near_players(locator) -> None:
    """Click something on a page with H5P frames as a person would: scroll to it, then click.

    The frames are out-of-process (sandboxed, another origin); when Playwright's click has to scroll first, headless
    Chromium can route the click by the frames' layout from before the scroll, and it lands nowhere.
    """
    locator.scroll_into_view_if_needed()
    locator.page.wait_for_timeout(250)
    locator.click()


def leave_player(page) -> None:
    """Leave a page with H5P players before the test changes or removes its data.

    The player saves on answers, a moment after them and as the page goes away; SQLite in memory refuses the
    live server's write while the test writes. Saves still pending go nowhere, and a save the browser sends while
    unloading the page (which a route may not catch) is given time to land before the test goes on.
    """
    for pattern in ("**/state/**", "**/xapi/**"):
        page.route(pattern, lambda route: route.abort())
    page.goto("about:blank")
    page.wait_for_timeout(1_500)
