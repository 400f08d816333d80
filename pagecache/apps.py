from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from pagecache.handlers import connect_tree_signals

        connect_tree_signals()
