from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewmechConfig(AppConfig):
    """The project package: wiring, roles, i18n helpers and the base templates."""

    name = "reviewmech"
    verbose_name = _("reviewmech")
