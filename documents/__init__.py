"""The document pipeline, below every app: PDFs of documents in the six languages, made by
Celery workers, never in a web request.

It imports no app. An app takes part through this small interface:

``documents.kinds``
    Subclass :class:`~documents.kinds.DocumentKind` for a model (template, context, masthead,
    languages, who may read it, whether it is public) and decorate it with
    :func:`~documents.kinds.register`. Import the module from the app's ``AppConfig.ready``.
``documents.services.renditions``
    :func:`request_renditions` (after publishing: one rendition per language, enqueued once the
    transaction commits), :func:`draft_preview` and :func:`export_pdf` (checked against the
    kind's ``can_render``), :func:`rendition_retry`.
``documents.selectors``
    :func:`renditions_of` a document and :func:`panel_context` for the live status panel,
    rendered by ``templates/documents/partials/renditions.html``.
``documents.urls``
    The status panel and retry (namespace ``documents``) and the stable download addresses
    ``/documents/<kind>/<pk>/<language>.pdf`` and ``…/draft/<language>.pdf``, with ETags.

The worker side is ``documents.tasks.render_document`` → ``documents.services.rendering``.
"""
