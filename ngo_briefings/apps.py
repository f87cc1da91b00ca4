from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NgoBriefingsConfig(AppConfig):
    name = "ngo_briefings"
    verbose_name = _("NGO briefings and civil-society input")
