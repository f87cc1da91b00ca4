"""Briefings for non-governmental organizations whose summary is published, as the REST API
gives them: ``/api/v1/briefings/``."""
