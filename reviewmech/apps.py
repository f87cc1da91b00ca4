from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewmechConfig(AppConfig):
    """The project package: wiring, roles, i18n helpers and the base templates."""

    name = "reviewmech"
    verbose_name = _("reviewmech")

    def ready(self):
        from django.apps import apps

        from . import storage

        # Files of deleted rows go after the commit; files of rolled-back writes at the end of
        # the request or task (reviewmech/storage.py).
        storage.connect(apps)
