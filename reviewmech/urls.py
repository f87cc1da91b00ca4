from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from documents.urls import download_urlpatterns
from reviews.views.home import home

from .health import healthz, readyz
from .middleware import request_too_large
from .page_cache import cached_public_page

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # What the proxy in front of gunicorn shows when it refuses a body too large (docker/nginx).
    path("request-too-large/", request_too_large, name="request_too_large"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The stable address of each PDF, the same whatever the reader's interface language.
    *download_urlpatterns,
    # The public site's open data, at addresses that do not depend on the language.
    path("", include("public.open_data_urls")),
    # The REST API: /api/v1/, its OpenAPI schema and docs (the language is a parameter).
    path("api/", include("reviewmech.urls_api")),
]

# Every page a person reads carries its language: /ar/, /zh-hans/, /en/, /fr/, /ru/, /es/.
# The public site first: its pages are the most read, and resolve without trying the others.
urlpatterns += i18n_patterns(
    # The front page is the most read: kept like the public site's pages, per language.
    path("", cached_public_page(home), name="home"),
    path("", include("public.urls")),
    path("", include("reviews.urls")),
    path("", include("documents.urls")),
    path("", include("sessions.urls")),
    path("", include("ngo_briefings.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=True,
)
# Uploaded and rendered files are never served from MEDIA_URL directly: each download goes
# through a view that checks who may see it.

# A server error, or a database that cannot be reached: a translated page (or an API problem).
handler500 = "reviewmech.views.server_error"
