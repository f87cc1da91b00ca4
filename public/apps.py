from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public site")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from documents.models import Document, DocumentFile
        from documents.signals import document_changed, rendition_finished
        from ngo_briefings.models import Briefing
        from reference.models import MechanismMembership, State
        from reviews.models import (
            ConsentDecision,
            CountryReview,
            Finding,
            LotDraw,
            Participant,
            ReviewerAssignment,
            ReviewEvent,
            ReviewPause,
            ReviewReport,
            StepCompletion,
            ThematicReport,
        )

        from .freshness import on_change

        # Everything the public pages show: a change to any of it makes them fresh again.
        shown = (
            CountryReview,
            ReviewEvent,
            StepCompletion,
            ReviewPause,
            ReviewerAssignment,
            LotDraw,
            Participant,
            ConsentDecision,
            ReviewReport,
            Finding,
            ThematicReport,
            Document,
            DocumentFile,
            Briefing,
            State,
            MechanismMembership,
        )
        for model in shown:
            post_save.connect(on_change, sender=model, dispatch_uid=f"public.fresh.save.{model._meta.label}")
            post_delete.connect(on_change, sender=model, dispatch_uid=f"public.fresh.delete.{model._meta.label}")
        document_changed.connect(on_change, dispatch_uid="public.fresh.document")
        rendition_finished.connect(on_change, dispatch_uid="public.fresh.rendition")
