"""Briefings for non-governmental organizations: the public list and a briefing's page (its
programme, presentations, questions raised, published summary and the organizations that took
part), registration for an NGO account, and the secretariat's forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.models import Rendition
from documents.selectors import LANGUAGE_ORDER, panel_context, renditions_of
from reviewmech.forms import add_service_error
from reviewmech.i18n import translated
from reviewmech.roles import is_secretariat
from reviewmech.views import secretariat_required

from .. import services
from ..document_kinds import paragraphs
from ..forms import BriefingForm, PresentationForm, QuestionForm, RegistrationForm, SummaryForm
from ..models import Briefing, Registration
from ..selectors import briefing_page, briefing_registrations, briefings_list


def briefing_list(request):
    today = timezone.localdate()
    return render(
        request,
        "ngo_briefings/briefing_list.html",
        {"briefings": briefings_list(today=today), "is_staff": is_secretariat(request.user)},
    )


def briefing_detail(request, number, status=200, **forms):
    today = timezone.localdate()
    try:
        page = briefing_page(request.user, number, today=today)
    except Briefing.DoesNotExist as exc:
        raise Http404 from exc
    briefing = page.briefing
    staff = is_secretariat(request.user)
    summary_pdfs = []
    if briefing.summary_published:
        summary_pdfs = sorted(
            (r for r in renditions_of(briefing, Rendition.Variant.FINAL) if r.is_available),
            key=lambda r: LANGUAGE_ORDER.get(r.language, 99),
        )
    summary = translated(briefing, "summary")
    context = {
        "page": page,
        "briefing": briefing,
        "summary": summary,
        "summary_paragraphs": paragraphs(summary.text) if briefing.summary_published or staff else [],
        "is_staff": staff,
        "member": services.member_of(request.user),
        "open": briefing.registration_open(today),
        "upcoming": briefing.held_on >= today,
        "summary_pdfs": summary_pdfs,
        "registration_form": forms.get("registration_form") or RegistrationForm(),
    }
    if staff:
        context.update(
            registrations=briefing_registrations(briefing),
            presentation_form=forms.get("presentation_form") or PresentationForm(),
            question_form=forms.get("question_form") or QuestionForm(),
            summary_form=forms.get("summary_form") or SummaryForm(initial={"language": request.LANGUAGE_CODE}),
            summary_panel=panel_context(request.user, briefing),
        )
    return render(request, "ngo_briefings/briefing_detail.html", context, status=status)


@require_POST
@login_required
def briefing_register(request, number):
    briefing = get_object_or_404(Briefing, number=number)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            registration = services.registration_create(
                actor=request.user, briefing=briefing, listed=form.cleaned_data["listed"]
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("Your place is confirmed. A confirmation is on its way by e-mail."))
            else:
                messages.info(
                    request,
                    _(
                        "The briefing is full: you are on the waiting list, and will be told by e-mail "
                        "if a place becomes free."
                    ),
                )
            return redirect("ngo_briefings:briefing", number=number)
    return briefing_detail(request, number, status=422, registration_form=form)


@require_POST
@login_required
def registration_cancel(request, number, pk):
    registration = get_object_or_404(Registration, pk=pk, briefing__number=number)
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect("ngo_briefings:briefing", number=number)


@secretariat_required
def briefing_edit(request, number=None):
    briefing = get_object_or_404(Briefing, number=number) if number else None
    form = BriefingForm(request.POST or None, briefing=briefing)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.briefing_save(actor=request.user, briefing=briefing, **form.service_arguments())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The briefing is saved."))
            return redirect("ngo_briefings:briefing", number=saved.number)
    return render(
        request,
        "ngo_briefings/briefing_form.html",
        {"form": form, "briefing": briefing},
        status=422 if form.errors else 200,
    )


def _staff_form(request, number, form_class, action, form_name, success):
    briefing = get_object_or_404(Briefing, number=number)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(actor=request.user, briefing=briefing, **form.service_arguments())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("ngo_briefings:briefing", number=number)
    return briefing_detail(request, number, status=422, **{form_name: form})


@require_POST
@secretariat_required
def presentation_add(request, number):
    return _staff_form(
        request,
        number,
        PresentationForm,
        services.presentation_add,
        "presentation_form",
        _("The presentation is added."),
    )


@require_POST
@secretariat_required
def question_add(request, number):
    return _staff_form(
        request, number, QuestionForm, services.question_add, "question_form", _("The question is added.")
    )


@require_POST
@secretariat_required
def summary_save(request, number):
    return _staff_form(request, number, SummaryForm, services.summary_save, "summary_form", _("The summary is saved."))


@require_POST
@secretariat_required
def summary_publish(request, number):
    briefing = get_object_or_404(Briefing, number=number)
    try:
        services.summary_publish(actor=request.user, briefing=briefing)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The summary is published; its PDF is being made in the languages it is written in.")
        )
    return redirect("ngo_briefings:briefing", number=number)
