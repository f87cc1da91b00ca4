"""Addresses of the civil-society app (namespace ``ngo_briefings``), under the language prefix:
the public briefings, an organization's request for an account, the secretariat's list of
organizations, and civil-society input (confidential: see ``selectors.inputs_visible_to``)."""

from django.urls import path

from .views import briefings, inputs, organizations

app_name = "ngo_briefings"

urlpatterns = [
    path("ngo-briefings/", briefings.briefing_list, name="briefings"),
    path("ngo-briefings/new/", briefings.briefing_edit, name="briefing_new"),
    path("ngo-briefings/<int:number>/", briefings.briefing_detail, name="briefing"),
    path("ngo-briefings/<int:number>/edit/", briefings.briefing_edit, name="briefing_edit"),
    path("ngo-briefings/<int:number>/register/", briefings.briefing_register, name="register"),
    path("ngo-briefings/<int:number>/registrations/<int:pk>/cancel/", briefings.registration_cancel, name="cancel"),
    path("ngo-briefings/<int:number>/presentations/", briefings.presentation_add, name="presentation_add"),
    path("ngo-briefings/<int:number>/questions/", briefings.question_add, name="question_add"),
    path("ngo-briefings/<int:number>/summary/", briefings.summary_save, name="summary_save"),
    path("ngo-briefings/<int:number>/summary/publish/", briefings.summary_publish, name="summary_publish"),
    path("civil-society/join/", organizations.join, name="join"),
    path("civil-society/organizations/", organizations.organization_list, name="organizations"),
    path("civil-society/organizations/<int:pk>/", organizations.organization_detail, name="organization"),
    path(
        "civil-society/organizations/<int:pk>/approve/",
        organizations.organization_decide,
        {"decision": "approve"},
        name="organization_approve",
    ),
    path(
        "civil-society/organizations/<int:pk>/decline/",
        organizations.organization_decide,
        {"decision": "decline"},
        name="organization_decline",
    ),
    path("civil-society/", inputs.civil_society_home, name="home"),
    path("civil-society/reviews/<int:pk>/input/", inputs.input_new, name="input_new"),
    path("civil-society/reviews/<int:pk>/record/", inputs.input_record, name="input_record"),
    path("civil-society/input/<int:pk>/", inputs.input_detail, name="input"),
    path("civil-society/input/<int:pk>/share/", inputs.input_share, name="input_share"),
    path("civil-society/input/<int:pk>/reply/", inputs.input_reply, name="input_reply"),
    path("civil-society/input/<int:pk>/files/<int:attachment_pk>/", inputs.input_file, name="input_file"),
]
