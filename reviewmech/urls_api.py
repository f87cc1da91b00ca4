"""The REST API's address tree: ``/api/v1/`` (each app's ``api/urls.py``, included by name:
nothing below imports the API), the OpenAPI schema and its browsable docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .rest import api_not_found

app_v1 = [
    path("", include("reviews.api.urls")),  # the most read first: each address resolves sooner
    path("", include("reference.api.urls")),
    path("", include("documents.api.urls")),
    path("", include("sessions.api.urls")),
    path("", include("ngo_briefings.api.urls")),
]

urlpatterns = [
    path("v1/", include((app_v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI with its settings in a script file (no inline script under the CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^[\s\S]*$", api_not_found),  # any character, a newline too
]
