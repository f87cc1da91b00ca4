"""Web views of the documents app, one module per page family: ``renditions`` (PDF downloads,
the status panel, retry) and ``registry`` (issued documents under their UN symbols)."""
