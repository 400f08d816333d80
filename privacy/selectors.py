"""Reads for the privacy app: the statements' links for the footer."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count
from wagtail.models import Page

from pagecache.routing import tree_version
from privacy.models import AccessibilityStatementPage, PrivacyStatementPage

STATEMENT_MODELS = {"privacy": PrivacyStatementPage, "accessibility": AccessibilityStatementPage}


def statement_links() -> dict[str, str]:
    """The URLs of the live privacy and accessibility statements, by kind; a kind without a live page is absent.

    Every page's footer links to them, so they are cached under the page tree's version: an editor who
    unpublishes, moves or deletes a statement changes the links at once (a missing page means no link).
    """
    key = f"privacy:statement-links:{tree_version()}"
    links = cache.get(key)
    if links is None:
        types = ContentType.objects.get_for_models(*STATEMENT_MODELS.values())
        kinds = {types[model].pk: kind for kind, model in STATEMENT_MODELS.items()}
        links = {}
        for page in Page.objects.live().filter(content_type_id__in=kinds).order_by("path"):
            links.setdefault(kinds[page.content_type_id], page.url)
        links = {kind: url for kind, url in links.items() if url}
        cache.set(key, links, 3600)
    return links


@dataclass(frozen=True)
class DeletionConsequences:
    """What deleting the account takes along, told to the person before they confirm."""

    certificates: int
    classes: list[tuple[str, int]]  # (class name, pupils)
    organisations: list[str]


def deletion_consequences(*, user) -> DeletionConsequences:
    """Three queries."""
    from certificates.models import Certificate
    from classrooms.models import SchoolClass
    from organisations.models import Membership

    classes = SchoolClass.objects.filter(teacher=user).annotate(pupil_count=Count("pupils")).order_by("name")
    return DeletionConsequences(
        certificates=Certificate.objects.filter(learner=user).count(),
        classes=[(school_class.name, school_class.pupil_count) for school_class in classes],
        organisations=list(
            Membership.objects.filter(user=user)
            .order_by("organisation__name")
            .values_list("organisation__name", flat=True)
        ),
    )
