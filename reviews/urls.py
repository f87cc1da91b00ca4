from django.urls import path

from . import views, views_checklist, views_desk_review, views_findings

app_name = "reviews"

# Active dialogue (kept on its own line: the import above is shared).
from . import views_dialogue  # noqa: E402

urlpatterns = [
    path("reviews/", views.dashboard, name="dashboard"),
    path("reviews/mine/", views.my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/complete/", views.review_complete_step, name="review_complete_step"),
    path("reviews/<int:pk>/pause/", views.review_pause, name="review_pause"),
    path("reviews/<int:pk>/resume/", views.review_resume, name="review_resume"),
    path("reviews/<int:pk>/redraw/<int:assignment_pk>/", views.review_redraw, name="review_redraw"),
    path("reviews/<int:pk>/checklist/", views_checklist.checklist_page, name="checklist"),
    path(
        "reviews/<int:pk>/checklist/answers/<int:answer_pk>/",
        views_checklist.checklist_answer_save,
        name="checklist_answer_save",
    ),
    path("reviews/<int:pk>/checklist/submit/", views_checklist.checklist_submit, name="checklist_submit"),
    path("reviews/<int:pk>/checklist/reopen/", views_checklist.checklist_reopen, name="checklist_reopen"),
    path("reviews/<int:pk>/checklist/pdf/", views_checklist.checklist_export, name="checklist_export"),
    path(
        "reviews/<int:pk>/checklist/answers/<int:answer_pk>/attachments/",
        views_checklist.checklist_attachment_add,
        name="checklist_attachment_add",
    ),
    path(
        "reviews/<int:pk>/checklist/attachments/<int:attachment_pk>/",
        views_checklist.checklist_attachment_download,
        name="checklist_attachment",
    ),
    path(
        "reviews/<int:pk>/checklist/attachments/<int:attachment_pk>/remove/",
        views_checklist.checklist_attachment_remove,
        name="checklist_attachment_remove",
    ),
    path(
        "reviews/<int:pk>/checklist/answers/<int:answer_pk>/reuse/",
        views_checklist.checklist_answer_reuse,
        name="checklist_answer_reuse",
    ),
    path("reviews/<int:pk>/questions/", views_desk_review.questions_page, name="questions"),
    path("reviews/<int:pk>/questions/ask/", views_desk_review.question_ask, name="question_ask"),
    path(
        "reviews/<int:pk>/questions/<int:question_pk>/reply/", views_desk_review.question_reply, name="question_reply"
    ),
    path(
        "reviews/<int:pk>/questions/<int:question_pk>/close/", views_desk_review.question_close, name="question_close"
    ),
    # Active dialogue: meetings, their participants and outcome, and each as a calendar file.
    path("reviews/<int:pk>/meetings/", views_dialogue.meetings_page, name="meetings"),
    path("reviews/<int:pk>/meetings/new/", views_dialogue.meeting_new, name="meeting_new"),
    path("reviews/<int:pk>/meetings/<int:meeting_pk>/edit/", views_dialogue.meeting_edit, name="meeting_edit"),
    path("reviews/<int:pk>/meetings/<int:meeting_pk>/delete/", views_dialogue.meeting_delete, name="meeting_delete"),
    path(
        "reviews/<int:pk>/meetings/<int:meeting_pk>/participants/",
        views_dialogue.participant_add,
        name="meeting_participant_add",
    ),
    path(
        "reviews/<int:pk>/meetings/<int:meeting_pk>/participants/<int:participant_pk>/remove/",
        views_dialogue.participant_remove,
        name="meeting_participant_remove",
    ),
    path("reviews/<int:pk>/meetings/<int:meeting_pk>/outcome/", views_dialogue.meeting_outcome, name="meeting_outcome"),
    path("reviews/<int:pk>/meetings/<int:meeting_pk>/meeting.ics", views_dialogue.meeting_ics, name="meeting_ics"),
    path("reviews/<int:pk>/findings/", views_findings.findings_page, name="findings"),
    path("reviews/<int:pk>/findings/add/", views_findings.finding_add, name="finding_add"),
    path("reviews/<int:pk>/findings/<int:finding_pk>/edit/", views_findings.finding_edit, name="finding_edit"),
    path(
        "reviews/<int:pk>/findings/<int:finding_pk>/translations/",
        views_findings.finding_translations,
        name="finding_translations",
    ),
    path("reviews/<int:pk>/findings/<int:finding_pk>/delete/", views_findings.finding_delete, name="finding_delete"),
    path("reviews/<int:pk>/findings/<int:finding_pk>/move/", views_findings.finding_move, name="finding_move"),
    path(
        "reviews/<int:pk>/findings/<int:finding_pk>/follow-up/",
        views_findings.finding_follow_up,
        name="finding_follow_up",
    ),
    path("cycles/<int:pk>/lots/", views.cycle_lots, name="cycle_lots"),
    path("cycles/<int:pk>/pairings/", views.cycle_pairings, name="cycle_pairings"),
]

# Thematic implementation reports and regional supplementary addenda (secretariat).
from . import views_thematic  # noqa: E402

urlpatterns += [
    path("thematic/", views_thematic.thematic_home, name="thematic_home"),
    path("cycles/<int:pk>/thematic/", views_thematic.thematic_list, name="thematic_list"),
    path("thematic/<int:pk>/", views_thematic.thematic_detail, name="thematic_detail"),
    path("thematic/<int:pk>/quotes/", views_thematic.thematic_quotes, name="thematic_quotes"),
    path("thematic/<int:pk>/publish/", views_thematic.thematic_publish, name="thematic_publish"),
]

# Executive summary and country review report; the PDF status panel (the downloads are in
# reviewmech/urls.py, outside the language prefix, so their addresses stay stable).
from . import views_documents, views_reports  # noqa: E402

_report = "reviews/<int:pk>/reports/<slug:kind>/"
urlpatterns += [
    path(_report, views_reports.report_page, name="report"),
    path(_report + "start/", views_reports.report_start, name="report_start"),
    path(_report + "edit/", views_reports.report_edit, name="report_edit"),
    path(_report + "agree/", views_reports.report_agree, name="report_agree"),
    path(_report + "reopen/", views_reports.report_reopen, name="report_reopen"),
    path(_report + "translations/<str:language>/", views_reports.report_translation, name="report_translation"),
    path(_report + "publish/", views_reports.report_publish, name="report_publish"),
    path(_report + "preview/", views_reports.report_preview, name="report_preview"),
    path("documents/<slug:slug>/<int:pk>/renditions/", views_documents.renditions_panel, name="renditions_panel"),
    path("renditions/<int:pk>/retry/", views_documents.rendition_retry, name="rendition_retry"),
]
