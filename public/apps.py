from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public site: read-only pages on top of the apps. What makes its pages fresh is
    declared by each app (``reviewmech.freshness.watch`` in their ``ready()``)."""

    name = "public"
    verbose_name = _("Public site")
