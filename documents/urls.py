"""Addresses of the documents pipeline.

``urlpatterns`` (namespace ``documents``) sit under the language prefix: the status panel that
staff watch and the retry of a failed rendition. ``download_urlpatterns`` are the stable
addresses of the PDFs, outside the language prefix, so that a PDF's address is the same
whatever the reader's interface language: ``/documents/<kind>/<pk>/<language>.pdf``. Their
names (``document_download``, ``draft_download``) carry no namespace.
"""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/<slug:slug>/<int:pk>/renditions/", views.renditions_panel, name="renditions_panel"),
    path("renditions/<int:pk>/retry/", views.rendition_retry, name="rendition_retry"),
]

download_urlpatterns = [
    path("documents/<slug:slug>/<int:pk>/<str:language>.pdf", views.document_download, name="document_download"),
    path("documents/<slug:slug>/<int:pk>/draft/<str:language>.pdf", views.draft_download, name="draft_download"),
]
