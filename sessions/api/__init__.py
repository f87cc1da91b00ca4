"""Sessions of the intergovernmental bodies as the REST API gives them: ``/api/v1/sessions/``."""
