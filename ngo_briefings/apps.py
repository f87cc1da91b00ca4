from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NgoBriefingsConfig(AppConfig):
    name = "ngo_briefings"
    verbose_name = _("NGO briefings and civil-society input")

    def ready(self):
        from sessions.panels import register

        from . import document_kinds  # noqa: F401  (registers the briefing summary as a PDF kind)
        from .session_panels import briefing_panel

        register(briefing_panel)

        from reviews.services.demo import demo_seeded

        from .demo import on_demo_seeded

        demo_seeded.connect(on_demo_seeded, dispatch_uid="ngo_briefings.demo")

        from reviewmech import freshness

        from .models import Briefing

        freshness.watch(Briefing)
