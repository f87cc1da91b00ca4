"""Web views of the sessions app, one module per page family: ``calendar`` (the public list of
sessions and its iCalendar feed), ``session`` (a session's page) and ``manage`` (the
secretariat's forms: sessions and parts, agenda items and their documents) and ``notes``
(notes verbales)."""
