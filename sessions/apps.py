from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IrgSessionsConfig(AppConfig):
    """Intergovernmental bodies, their sessions and documents.

    ``django.contrib.sessions`` owns the label ``sessions``; this app is ``irg_sessions``.
    """

    name = "sessions"
    label = "irg_sessions"
    verbose_name = _("Bodies, sessions and documents")
