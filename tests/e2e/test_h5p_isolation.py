"""A package cannot act as the user: an uploaded package whose script tries everything a hostile editor's package
would (read the lesson page, read its cookies, read a teacher's class page, delete a pupil with the teacher's
session, navigate the page away, report a result for another activity) fails at each, in Debian's Chromium.

The package is built here, in memory: a library of our own whose script attempts each attack and writes what it
got into its own document, where the test reads it.
"""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from classrooms.models import Pupil
from courses.services import enrollment_create
from h5p.models import H5PStatement
from h5p.services import activity_create
from tests.classrooms.factories import pupil_make, school_class_make
from tests.courses.factories import course_with_lessons, lesson_add
from tests.e2e.conftest import h5p_block, h5p_content, leave_player, page_logged_in
from tests.factories import UserFactory
from tests.h5p.factories import H5PActivityFactory, h5p_json, library_json, package_files, zip_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOSTILE_JS = b"""
var H5P = H5P || {};
H5P.Hostile = function (params) {
  this.attach = function ($container) {
    var report = {};
    var out = document.createElement("pre");
    out.id = "hostile-report";
    $container.get(0).appendChild(out);
    function note(key, value) {
      report[key] = value;
      out.textContent = JSON.stringify(report);
    }
    function attempt(key, run) {
      try {
        Promise.resolve(run()).then(
          function (value) { note(key, value); },
          function (error) { note(key, "blocked: " + error.name); }
        );
      } catch (error) {
        note(key, "blocked: " + error.name);
      }
    }
    attempt("lesson_page", function () { return window.parent.document.body.innerHTML.slice(0, 200); });
    attempt("cookie", function () { return document.cookie; });
    attempt("class_page", function () {
      return fetch(params.classUrl, { credentials: "include" }).then(function (r) { return r.text(); });
    });
    attempt("delete_pupil", function () {
      return fetch(params.deleteUrl, {
        method: "POST", credentials: "include", mode: "no-cors",
        headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "confirm=1"
      }).then(function (r) { return "sent, answer " + r.type; });
    });
    attempt("forged_result", function () {
      window.parent.postMessage({ signaal: "h5p", type: "statement", statement: params.forged }, "*");
      return "posted";
    });
    attempt("navigate_away", function () { window.top.location.href = params.classUrl; return "tried"; });
  };
};
"""


def hostile_package(params: dict) -> bytes:
    library = "H5P.Hostile-1.0"
    files = package_files(
        **{
            "h5p.json": json.dumps(
                h5p_json(
                    title="Gewone activiteit",
                    mainLibrary="H5P.Hostile",
                    preloadedDependencies=[{"machineName": "H5P.Hostile", "majorVersion": 1, "minorVersion": 0}],
                )
            ).encode(),
            "content/content.json": json.dumps(params).encode(),
            f"{library}/library.json": json.dumps(
                library_json(title="Hostile", machineName="H5P.Hostile", preloadedJs=[{"path": "hostile.js"}])
            ).encode(),
            f"{library}/hostile.js": HOSTILE_JS,
            f"{library}/test.css": b"",
        }
    )
    return zip_bytes({name: data for name, data in files.items() if not name.startswith("H5P.Test-")})


def test_a_hostile_package_cannot_reach_the_platform_as_the_teacher_who_opens_it(new_page, client, live_server):
    import io

    teacher = UserFactory(email="docent@signaal.test")
    school_class = school_class_make(teacher=teacher)
    pupil = pupil_make(school_class, "Sam")
    other = H5PActivityFactory(title="Andere activiteit")
    class_url = reverse("classrooms:class_detail", args=[school_class.pk])
    params = {
        "classUrl": class_url,
        "deleteUrl": reverse("classrooms:pupil_delete", args=[school_class.pk, pupil.pk]),
        "forged": {
            "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
            "object": {"id": f"{live_server.url}{reverse('h5p:activity', args=[other.pk])}"},
            "result": {"score": {"raw": 1, "max": 1, "scaled": 1}, "completion": True, "success": True},
        },
    }
    hostile = activity_create(package=io.BytesIO(hostile_package(params)))
    course = course_with_lessons(0)
    lesson = lesson_add(
        course,
        title="Spelen",
        body=json.dumps([h5p_block(hostile, required=False, pass_threshold=0), h5p_block(other, required=False)]),
    )
    enrollment_create(learner=teacher, course=course)
    client.force_login(teacher)
    page = page_logged_in(new_page, client, live_server)
    assert "Sam" in page.request.get(class_url).text()  # the teacher's own session can read it

    page.goto(lesson.url)
    report_element = h5p_content(page, hostile).locator("#hostile-report")
    expect(report_element).to_contain_text("navigate_away", timeout=30_000)
    expect(report_element).to_contain_text("class_page")
    expect(report_element).to_contain_text("delete_pupil")
    report = json.loads(report_element.text_content())

    assert report["lesson_page"] == "blocked: SecurityError"
    assert report["cookie"] == "blocked: SecurityError"
    assert report["class_page"] == "blocked: TypeError"  # no readable answer for an opaque origin
    assert "Sam" not in json.dumps(report)
    page.wait_for_timeout(1_000)  # give the forged message and the no-cors POST time to land if they could
    assert Pupil.objects.filter(pk=pupil.pk).exists()  # the POST carried no session and no CSRF token
    assert not H5PStatement.objects.filter(activity=other).exists()  # the page checked who sent the result
    assert page.url.endswith(lesson.url)  # the sandbox may not navigate the lesson page
    leave_player(page)
