from django.urls import path

from .views import calendar, incoming, manage, notes, session

app_name = "sessions"

urlpatterns = [
    path("sessions/", calendar.calendar_page, name="calendar"),
    path("sessions/calendar.ics", calendar.calendar_feed, name="feed"),
    path("sessions/new/", manage.session_edit, name="session_new"),
    path("sessions/<int:pk>/", session.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", manage.session_edit, name="session_edit"),
    path("sessions/<int:pk>/agenda/", manage.agenda_item_add, name="agenda_item_add"),
    path("sessions/<int:pk>/agenda/<int:item_pk>/delete/", manage.agenda_item_delete, name="agenda_item_delete"),
    path("sessions/<int:pk>/agenda/<int:item_pk>/documents/", manage.agenda_document_add, name="agenda_document_add"),
    path(
        "sessions/<int:pk>/agenda/<int:item_pk>/documents/<int:document_pk>/remove/",
        manage.agenda_document_remove,
        name="agenda_document_remove",
    ),
    path("notes-verbales/", notes.notes_list, name="notes"),
    path("notes-verbales/<int:pk>/", notes.note_detail, name="note"),
    path("notes-verbales/<int:pk>/send/", notes.note_send, name="note_send"),
    path("notes-verbales/<int:pk>/preview/", notes.note_preview, name="note_preview"),
    path("notes-verbales/received/", incoming.incoming_list, name="incoming"),
    path("notes-verbales/received/<int:pk>/", incoming.incoming_note, name="incoming_note"),
    path("notes-verbales/received/<int:pk>/scan.pdf", incoming.incoming_scan, name="incoming_scan"),
    path(
        "notes-verbales/received/<int:pk>/nominations/<int:nomination_pk>/resend/",
        incoming.nomination_resend,
        name="nomination_resend",
    ),
]
