"""The registry of documents as the REST API gives it: ``/api/v1/documents/``."""
