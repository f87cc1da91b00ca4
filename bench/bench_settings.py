"""The project's settings plus one bare view, for the load benchmark (``public_load.py``)."""

from reviewmech.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"

# The benchmark serves pages without `collectstatic`: static files by their plain names.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
