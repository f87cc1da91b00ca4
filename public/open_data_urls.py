"""The open data at stable addresses, the same in every language (outside the language prefix):
``/open-data/v1/<resource>.<csv|json>`` and the schema. Names carry no namespace."""

from django.urls import path

from . import views_open_data

urlpatterns = [
    path("open-data/v1/schema.json", views_open_data.schema_json, name="open_data_schema"),
    path(
        "open-data/v1/reviews.csv",
        views_open_data.download,
        {"resource": "reviews", "fmt": "csv"},
        name="open_data_reviews_csv",
    ),
    path(
        "open-data/v1/reviews.json",
        views_open_data.download,
        {"resource": "reviews", "fmt": "json"},
        name="open_data_reviews_json",
    ),
    path(
        "open-data/v1/findings.csv",
        views_open_data.download,
        {"resource": "findings", "fmt": "csv"},
        name="open_data_findings_csv",
    ),
    path(
        "open-data/v1/findings.json",
        views_open_data.download,
        {"resource": "findings", "fmt": "json"},
        name="open_data_findings_json",
    ),
]
