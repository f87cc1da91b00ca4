from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IrgSessionsConfig(AppConfig):
    """Sessions of the intergovernmental bodies, their agendas and notes verbales.

    ``django.contrib.sessions`` owns the label ``sessions``; this app is ``irg_sessions``.
    """

    name = "sessions"
    label = "irg_sessions"
    verbose_name = _("Sessions and notes verbales")

    def ready(self):
        from documents.signals import document_changed
        from reference.services import reference_data_loaded

        from . import document_kinds  # noqa: F401  (registers the note verbale and the bundle as PDF kinds)
        from .bundle import on_document_changed
        from .notes_data import on_reference_data_loaded

        reference_data_loaded.connect(on_reference_data_loaded, dispatch_uid="sessions.note_templates")
        document_changed.connect(on_document_changed, dispatch_uid="sessions.bundles")

        from reviewmech import freshness

        from .models import AgendaItem, Session

        freshness.watch(Session, AgendaItem)
