from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from reviews import views as reviews_views
from reviews import views_documents

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The stable address of each PDF, the same whatever the reader's interface language.
    path(
        "documents/<slug:slug>/<int:pk>/<str:language>.pdf",
        views_documents.document_download,
        name="document_download",
    ),
    path(
        "documents/<slug:slug>/<int:pk>/draft/<str:language>.pdf",
        views_documents.draft_download,
        name="draft_download",
    ),
]

# Every page a person reads carries its language: /ar/, /zh-hans/, /en/, /fr/, /ru/, /es/.
urlpatterns += i18n_patterns(
    path("", reviews_views.home, name="home"),
    path("", include("reviews.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=True,
)
# Uploaded and rendered files are never served from MEDIA_URL directly: each download goes
# through a view that checks who may see it.
