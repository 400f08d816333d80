"""Every change to the page tree, a site or a view restriction makes the cached page routes stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import PageViewRestriction, Site, get_page_models
from wagtail.signals import post_page_move

from pagecache.routing import tree_changed


def _tree_changed(sender, **kwargs):
    tree_changed()


def connect_tree_signals() -> None:
    for model in [*get_page_models(), Site, PageViewRestriction]:
        post_save.connect(_tree_changed, sender=model, dispatch_uid=f"tree-save-{model._meta.label}")
        post_delete.connect(_tree_changed, sender=model, dispatch_uid=f"tree-delete-{model._meta.label}")
    m2m_changed.connect(_tree_changed, sender=PageViewRestriction.groups.through, dispatch_uid="tree-groups")
    post_page_move.connect(_tree_changed, dispatch_uid="tree-move")
