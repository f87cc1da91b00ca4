"""Addresses of the public site (namespace ``public``), under the language prefix."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("states/", views.state_index, name="states"),
    path("states/<str:code>/", views.state_page, name="state"),
    path("findings/", views.findings_explorer, name="findings"),
]
