"""Addresses of the documents pipeline.

``urlpatterns`` (namespace ``documents``) sit under the language prefix: the status panel that
staff watch, the retry of a failed rendition, and the registry of issued documents
(``/<language>/registry/<symbol>/``). ``download_urlpatterns`` are the stable
addresses of the PDFs, outside the language prefix, so that a PDF's address is the same
whatever the reader's interface language: ``/documents/<kind>/<pk>/<language>.pdf``. Their
names (``document_download``, ``draft_download``) carry no namespace.
"""

from django.urls import path

from .views import registry, renditions

app_name = "documents"

urlpatterns = [
    path("documents/<slug:slug>/<int:pk>/renditions/", renditions.renditions_panel, name="renditions_panel"),
    path("renditions/<int:pk>/retry/", renditions.rendition_retry, name="rendition_retry"),
    # The registry of issued documents. A symbol is written in capitals, so the lower-case
    # "actions/" can never be mistaken for one.
    path("registry/", registry.registry_list, name="registry"),
    path("registry/actions/<int:pk>/files/", registry.document_file_upload, name="file_upload"),
    path("registry/actions/<int:pk>/issue/", registry.document_issue, name="issue"),
    path("registry/<path:symbol>/file/<str:language>", registry.document_file, name="file"),
    path("registry/<path:symbol>/", registry.document_detail, name="document"),
]

download_urlpatterns = [
    path("documents/<slug:slug>/<int:pk>/<str:language>.pdf", renditions.document_download, name="document_download"),
    path("documents/<slug:slug>/<int:pk>/draft/<str:language>.pdf", renditions.draft_download, name="draft_download"),
]
