"""Addresses of the public site (namespace ``public``), under the language prefix."""

from django.urls import path

from reviewmech.page_cache import cached_public_page

from . import feeds, views, views_open_data

app_name = "public"

urlpatterns = [
    path("states/", views.state_index, name="states"),
    path("states/<str:code>/", views.state_page, name="state"),
    path("findings/", views.findings_explorer, name="findings"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("search/", views.search_page, name="search"),
    path("states/<str:code>/publications.atom", cached_public_page(feeds.PublicationsFeed()), name="state_feed"),
    path("publications.atom", cached_public_page(feeds.PublicationsFeed()), name="feed"),
    path("open-data/", views_open_data.schema_page, name="open_data"),
]
