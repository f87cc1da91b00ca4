from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Country reviews")

    def ready(self):
        from reference.services import reference_data_loaded
        from sessions import panels

        from . import document_kinds  # noqa: F401  (registers this app's PDF document kinds)
        from .services.workflow_data import on_reference_data_loaded
        from .session_panels import lots_panel

        reference_data_loaded.connect(on_reference_data_loaded, dispatch_uid="reviews.workflows")
        panels.register(lots_panel)

        from reviewmech import freshness

        from . import models

        # What the public site and the REST API read of the reviews: a change makes them fresh.
        freshness.watch(
            models.CountryReview,
            models.ReviewEvent,
            models.StepCompletion,
            models.ReviewPause,
            models.ReviewerAssignment,
            models.LotDraw,
            models.Participant,
            models.ConsentDecision,
            models.ReviewReport,
            models.ReportTranslation,
            models.Finding,
            models.ThematicReport,
            models.WorkflowStep,  # its indicative days make the timelines' dates
        )

        from . import scopes

        # What a review's own pages keep in the cache: a change of the review makes them fresh.
        scopes.connect()

        from reviewmech import health

        from .services.notifications import notifications_backlog

        health.register_backlog("notifications", notifications_backlog)
