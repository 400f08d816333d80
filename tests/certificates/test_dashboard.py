import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from certificates.dashboard import certificates_section
from elearning.dashboard import DashboardSection
from tests.certificates.factories import issued_certificate

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/mijn-leren/")
    request.user = user
    return request


@pytest.mark.parametrize("count", [1, 8])
def test_the_dashboard_section_costs_one_query_however_many_certificates(count, django_assert_num_queries):
    first = issued_certificate()
    newest = first
    for _ in range(count - 1):
        newest = issued_certificate(learner=first.learner)
    request = _request(first.learner)

    with django_assert_num_queries(1):
        section = certificates_section(request, DashboardSection)
        html = render_to_string(section.template_name, {"section": section.context}, request=request)

    assert reverse("certificates:download", args=[newest.pk]) in html
    assert section.context["more"] is (count > 6)
