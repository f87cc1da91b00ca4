from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    """Reference facts below every app: regional groups, States and parties, instruments,
    chapters, clusters and articles, mechanisms and cycles, bodies, TA categories."""

    name = "reference"
    verbose_name = _("Reference data")

    def ready(self):
        from reviewmech import freshness

        from . import models

        # Everything the public site and the REST API read of the reference facts.
        freshness.watch(
            models.RegionalGroup,
            models.State,
            models.Party,
            models.Instrument,
            models.Chapter,
            models.Article,
            models.Cluster,
            models.Mechanism,
            models.MechanismMembership,
            models.ReviewCycle,
            models.Body,
            models.TechnicalAssistanceCategory,
        )
