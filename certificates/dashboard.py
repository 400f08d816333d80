"""The certificates' section of the dashboard "Mijn leren"."""

from certificates.selectors import learner_certificates

SHOWN = 6


def certificates_section(request, section_class):
    """The newest certificates with download links: one query, however many the learner has."""
    certificates = list(learner_certificates(learner=request.user)[: SHOWN + 1])
    return section_class(
        "certificates/dashboard/section.html",
        {"certificates": certificates[:SHOWN], "more": len(certificates) > SHOWN},
    )
