from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from certificates.forms import VerifyForm
from certificates.ratelimit import verify_rate_limited
from certificates.selectors import certificate_by_code, learner_certificate, learner_certificates
from certificates.services import CertificatePdfUnavailable, certificate_pdf_ensure
from courses.services import enrollment_renew

PDF_UNAVAILABLE = gettext_lazy("Your certificate cannot be made just now. It is safe: try again in a minute.")


@login_required
@require_GET
def mine(request):
    return render(request, "certificates/mine.html", {"certificates": learner_certificates(learner=request.user)})


@never_cache
@login_required
@require_GET
def download(request, pk: int):
    certificate = learner_certificate(learner=request.user, pk=pk)
    if certificate is None:
        raise Http404(_("No such certificate."))
    if certificate.is_revoked:
        return render(request, "certificates/revoked.html", {"certificate": certificate}, status=HTTPStatus.GONE)
    try:
        content = certificate_pdf_ensure(certificate=certificate)
    except CertificatePdfUnavailable:
        response = render(request, "503.html", {"message": PDF_UNAVAILABLE}, status=HTTPStatus.SERVICE_UNAVAILABLE)
        response["Retry-After"] = "60"
        return response
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{_('certificate')}-{certificate.display_code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_GET
def verify(request, code: str | None = None):
    """The public check: from the QR code (code in the path) or typed into the form (?code=…)."""
    submitted = code if code is not None else request.GET.get("code")
    if submitted is None:
        return render(request, "certificates/verify.html", {"form": VerifyForm()})
    if verify_rate_limited(request):
        return render(request, "certificates/verify_limited.html", status=HTTPStatus.TOO_MANY_REQUESTS)
    form = VerifyForm({"code": submitted})
    certificate = certificate_by_code(code=form.cleaned_data["code"]) if form.is_valid() else None
    context = {"form": form, "checked": form.is_valid(), "certificate": certificate}
    return render(request, "certificates/verify.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def renew(request, pk: int):
    certificate = learner_certificate(learner=request.user, pk=pk)
    if certificate is None or certificate.enrollment is None:
        raise Http404(_("No such certificate."))
    course = certificate.enrollment.course
    if request.method == "GET":
        return render(request, "certificates/renew.html", {"certificate": certificate})
    try:
        enrollment_renew(learner=request.user, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("certificates:mine")
    return redirect("courses:resume", course_id=course.pk)
