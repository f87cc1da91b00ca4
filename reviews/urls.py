from django.urls import path

from .views import (
    checklist,
    checklist_offline,
    cycles,
    dashboard,
    desk_review,
    dialogue,
    findings,
    operations,
    reports,
    review,
    thematic,
)

app_name = "reviews"

urlpatterns = [
    path("reviews/", dashboard.dashboard, name="dashboard"),
    path("operations/", operations.operations, name="operations"),
    path("operations/events/<int:pk>/resend/", operations.operations_resend, name="operations_resend"),
    path("reviews/mine/", dashboard.my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/", review.review_detail, name="review_detail"),
    path("reviews/<int:pk>/complete/", review.review_complete_step, name="review_complete_step"),
    path("reviews/<int:pk>/pause/", review.review_pause, name="review_pause"),
    path("reviews/<int:pk>/resume/", review.review_resume, name="review_resume"),
    path("reviews/<int:pk>/consent/", review.review_consent, name="review_consent"),
    path("reviews/<int:pk>/redraw/<int:assignment_pk>/", review.review_redraw, name="review_redraw"),
    path("reviews/<int:pk>/history/", review.review_history, name="review_history"),
    path("reviews/<int:pk>/checklist/", checklist.checklist_page, name="checklist"),
    path(
        "reviews/<int:pk>/checklist/answers/<int:answer_pk>/",
        checklist.checklist_answer_save,
        name="checklist_answer_save",
    ),
    path(
        "reviews/<int:pk>/checklist/answers/<int:answer_pk>/edit/",
        checklist.checklist_answer_edit,
        name="checklist_answer_edit",
    ),
    path("reviews/<int:pk>/checklist/submit/", checklist.checklist_submit, name="checklist_submit"),
    path("reviews/<int:pk>/checklist/reopen/", checklist.checklist_reopen, name="checklist_reopen"),
    path("reviews/<int:pk>/checklist/pdf/", checklist.checklist_export, name="checklist_export"),
    path(
        "reviews/<int:pk>/checklist/versions/compare/",
        checklist_offline.checklist_versions_compare,
        name="checklist_versions_compare",
    ),
    path("reviews/<int:pk>/checklist/offline/", checklist.checklist_offline_forms, name="checklist_offline"),
    path(
        "reviews/<int:pk>/checklist/offline/export/",
        checklist_offline.checklist_offline_export,
        name="checklist_offline_export",
    ),
    path(
        "reviews/<int:pk>/checklist/versions/<int:number>/export/",
        checklist_offline.checklist_version_export,
        name="checklist_version_export",
    ),
    path(
        "reviews/<int:pk>/checklist/offline/import/",
        checklist_offline.checklist_offline_import,
        name="checklist_offline_import",
    ),
    path(
        "reviews/<int:pk>/checklist/offline/import/<str:token>/",
        checklist_offline.checklist_offline_preview,
        name="checklist_offline_preview",
    ),
    path(
        "reviews/<int:pk>/checklist/answers/<int:answer_pk>/attachments/",
        checklist.checklist_attachment_add,
        name="checklist_attachment_add",
    ),
    path(
        "reviews/<int:pk>/checklist/attachments/<int:attachment_pk>/",
        checklist.checklist_attachment_download,
        name="checklist_attachment",
    ),
    path(
        "reviews/<int:pk>/checklist/attachments/<int:attachment_pk>/remove/",
        checklist.checklist_attachment_remove,
        name="checklist_attachment_remove",
    ),
    path(
        "reviews/<int:pk>/checklist/answers/<int:answer_pk>/reuse/",
        checklist.checklist_answer_reuse,
        name="checklist_answer_reuse",
    ),
    path("reviews/<int:pk>/questions/", desk_review.questions_page, name="questions"),
    path("reviews/<int:pk>/questions/ask/", desk_review.question_ask, name="question_ask"),
    path("reviews/<int:pk>/questions/<int:question_pk>/reply/", desk_review.question_reply, name="question_reply"),
    path("reviews/<int:pk>/questions/<int:question_pk>/close/", desk_review.question_close, name="question_close"),
    # Active dialogue: meetings, their participants and outcome, and each as a calendar file.
    path("reviews/<int:pk>/meetings/", dialogue.meetings_page, name="meetings"),
    path("reviews/<int:pk>/meetings/new/", dialogue.meeting_new, name="meeting_new"),
    path("reviews/<int:pk>/meetings/<int:meeting_pk>/edit/", dialogue.meeting_edit, name="meeting_edit"),
    path("reviews/<int:pk>/meetings/<int:meeting_pk>/delete/", dialogue.meeting_delete, name="meeting_delete"),
    path(
        "reviews/<int:pk>/meetings/<int:meeting_pk>/participants/",
        dialogue.participant_add,
        name="meeting_participant_add",
    ),
    path(
        "reviews/<int:pk>/meetings/<int:meeting_pk>/participants/<int:participant_pk>/remove/",
        dialogue.participant_remove,
        name="meeting_participant_remove",
    ),
    path("reviews/<int:pk>/meetings/<int:meeting_pk>/outcome/", dialogue.meeting_outcome, name="meeting_outcome"),
    path("reviews/<int:pk>/meetings/<int:meeting_pk>/meeting.ics", dialogue.meeting_ics, name="meeting_ics"),
    path("reviews/<int:pk>/findings/", findings.findings_page, name="findings"),
    path("reviews/<int:pk>/findings/add/", findings.finding_add, name="finding_add"),
    path("reviews/<int:pk>/findings/<int:finding_pk>/", findings.finding_item, name="finding_item"),
    path("reviews/<int:pk>/findings/<int:finding_pk>/edit/", findings.finding_edit, name="finding_edit"),
    path(
        "reviews/<int:pk>/findings/<int:finding_pk>/translations/",
        findings.finding_translations,
        name="finding_translations",
    ),
    path("reviews/<int:pk>/findings/<int:finding_pk>/delete/", findings.finding_delete, name="finding_delete"),
    path("reviews/<int:pk>/findings/<int:finding_pk>/move/", findings.finding_move, name="finding_move"),
    path(
        "reviews/<int:pk>/findings/<int:finding_pk>/follow-up/",
        findings.finding_follow_up,
        name="finding_follow_up",
    ),
    path("cycles/<int:pk>/lots/", cycles.cycle_lots, name="cycle_lots"),
    path("cycles/<int:pk>/pairings/", cycles.cycle_pairings, name="cycle_pairings"),
]

# Thematic implementation reports and regional supplementary addenda (secretariat).
urlpatterns += [
    path("thematic/", thematic.thematic_home, name="thematic_home"),
    path("cycles/<int:pk>/thematic/", thematic.thematic_list, name="thematic_list"),
    path("thematic/<int:pk>/", thematic.thematic_detail, name="thematic_detail"),
    path("thematic/<int:pk>/quotes/", thematic.thematic_quotes, name="thematic_quotes"),
    path("thematic/<int:pk>/publish/", thematic.thematic_publish, name="thematic_publish"),
]

# Executive summary and country review report (their PDFs' status panel and downloads are the
# documents app's).
_report = "reviews/<int:pk>/reports/<slug:kind>/"
urlpatterns += [
    path(_report, reports.report_page, name="report"),
    path(_report + "start/", reports.report_start, name="report_start"),
    path(_report + "edit/", reports.report_edit, name="report_edit"),
    path(_report + "agree/", reports.report_agree, name="report_agree"),
    path(_report + "reopen/", reports.report_reopen, name="report_reopen"),
    path(_report + "translations/<str:language>/", reports.report_translation, name="report_translation"),
    path(_report + "publish/", reports.report_publish, name="report_publish"),
    path(_report + "preview/", reports.report_preview, name="report_preview"),
]
