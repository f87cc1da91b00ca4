"""Active dialogue pages: the meetings of a review (country visits, joint meetings in Vienna,
online dialogues), their participants and outcome, and each meeting as an iCalendar file.

Everyone who sees the review sees its meetings; who may change what is in ``reviews.access``
and enforced by ``reviews.services.dialogue``. Adding and removing participants works as a plain
form post, and with HTMX replaces only the meeting's card."""

from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviewmech.forms import add_service_error, submit_to_service

from .. import access
from ..forms import MeetingForm, MeetingOutcomeForm, MeetingParticipantForm
from ..models import DialogueMeeting, MeetingParticipant
from ..selectors.dialogue import meetings_for_review
from ..services import dialogue as service
from ..services.meeting_calendar import meeting_calendar
from .helpers import visible_review_or_404


@dataclass(frozen=True)
class Rights:
    """What the person may do on the meetings of one review, asked once per request."""

    plan: bool  # plan, change, remove meetings; record outcomes; any participant
    state: bool  # the State under review (or the secretariat): agenda, government, agreement

    @property
    def edit(self):
        return self.plan or self.state

    @property
    def government_only(self):
        return self.state and not self.plan


def _rights(user, review) -> Rights:
    return Rights(plan=access.can_plan_meeting(user, review), state=access.can_set_stakeholder_agreement(user, review))


def _anchor(review, meeting_pk=None):
    url = reverse("reviews:meetings", args=[review.pk])
    return f"{url}#meeting-{meeting_pk}" if meeting_pk else url


def _meeting_or_404(review, meeting_pk):
    return get_object_or_404(DialogueMeeting.objects.select_related("review"), pk=meeting_pk, review=review)


def _with_forms(meetings, rights: Rights, bound=None):
    """Give each meeting the forms this person may use; ``bound`` is ``(meeting pk, name,
    form)``: a form with its errors to show in place of a fresh one."""
    for meeting in meetings:
        meeting.participant_form = meeting.outcome_form = None
        if rights.edit:
            meeting.participant_form = MeetingParticipantForm(
                prefix=f"p{meeting.pk}", government_only=rights.government_only
            )
        if rights.plan:
            meeting.outcome_form = MeetingOutcomeForm(
                prefix=f"o{meeting.pk}", initial={"outcome_note": meeting.outcome_note}
            )
        for participants in meeting.sector_groups:
            for participant in participants[1]:
                participant.removable = rights.plan or (
                    rights.state and participant.sector == MeetingParticipant.Sector.GOVERNMENT
                )
        if bound and bound[0] == meeting.pk:
            setattr(meeting, bound[1], bound[2])
    return meetings


def _page(request, review, *, bound=None, status=200):
    rights = _rights(request.user, review)
    meetings = _with_forms(meetings_for_review(request.user, review), rights, bound)
    context = {"review": review, "meetings": meetings, "rights": rights, "today": timezone.localdate()}
    return render(request, "reviews/meetings.html", context, status=status)


def _card(request, review, meeting_pk, *, bound=None):
    """One meeting's card, for an HTMX request."""
    rights = _rights(request.user, review)
    meetings = _with_forms(meetings_for_review(request.user, review, pk=meeting_pk), rights, bound)
    if not meetings:
        raise Http404
    context = {"review": review, "meeting": meetings[0], "rights": rights, "today": timezone.localdate()}
    return render(request, "reviews/partials/meeting_card.html", context)


@login_required
def meetings_page(request, pk):
    review = visible_review_or_404(request, pk)
    return _page(request, review)


def _meeting_form_page(request, review, form, meeting=None, status=200):
    context = {
        "review": review,
        "form": form,
        "meeting": meeting,
        "rights": _rights(request.user, review),
        "bounds": service.meeting_date_bounds(review),
    }
    return render(request, "reviews/meeting_form.html", context, status=status)


@login_required
def meeting_new(request, pk):
    review = visible_review_or_404(request, pk)
    rights = _rights(request.user, review)
    if not rights.plan:
        raise Http404
    if request.method != "POST":
        return _meeting_form_page(request, review, MeetingForm(can_set_agreement=rights.state))
    form = MeetingForm(request.POST, can_set_agreement=rights.state)
    if form.is_valid():
        try:
            meeting = service.meeting_create(review=review, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("The meeting is planned."))
            return redirect(_anchor(review, meeting.pk))
    return _meeting_form_page(request, review, form, status=422)


@login_required
def meeting_edit(request, pk, meeting_pk):
    review = visible_review_or_404(request, pk)
    rights = _rights(request.user, review)
    if not rights.edit:
        raise Http404
    meeting = _meeting_or_404(review, meeting_pk)
    options = {"can_plan": rights.plan, "can_set_agreement": rights.state}
    if request.method != "POST":
        initial = {name: getattr(meeting, name) for name in service.MEETING_FIELDS}
        return _meeting_form_page(request, review, MeetingForm(initial=initial, **options), meeting)
    form = MeetingForm(request.POST, **options)
    if submit_to_service(form, partial(service.meeting_update, meeting=meeting, actor=request.user)):
        messages.success(request, _("The meeting is saved."))
        return redirect(_anchor(review, meeting.pk))
    return _meeting_form_page(request, review, form, meeting, status=422)


@require_POST
@login_required
def meeting_delete(request, pk, meeting_pk):
    review = visible_review_or_404(request, pk)
    meeting = _meeting_or_404(review, meeting_pk)
    try:
        service.meeting_delete(meeting=meeting, actor=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The meeting is removed."))
    return redirect(_anchor(review))


@require_POST
@login_required
def participant_add(request, pk, meeting_pk):
    review = visible_review_or_404(request, pk)
    rights = _rights(request.user, review)
    if not rights.edit:
        raise Http404
    meeting = _meeting_or_404(review, meeting_pk)
    form = MeetingParticipantForm(request.POST, prefix=f"p{meeting.pk}", government_only=rights.government_only)
    if submit_to_service(form, partial(service.participant_add, meeting=meeting, actor=request.user)):
        messages.success(request, _("The participant is added."))
        if request.htmx:
            return _card(request, review, meeting.pk)
        return redirect(_anchor(review, meeting.pk))
    bound = (meeting.pk, "participant_form", form)
    if request.htmx:
        return _card(request, review, meeting.pk, bound=bound)
    return _page(request, review, bound=bound, status=422)


@require_POST
@login_required
def participant_remove(request, pk, meeting_pk, participant_pk):
    review = visible_review_or_404(request, pk)
    meeting = _meeting_or_404(review, meeting_pk)
    participant = get_object_or_404(MeetingParticipant, pk=participant_pk, meeting=meeting)
    try:
        service.participant_remove(participant=participant, actor=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The participant is removed."))
    if request.htmx:
        return _card(request, review, meeting.pk)
    return redirect(_anchor(review, meeting.pk))


@require_POST
@login_required
def meeting_outcome(request, pk, meeting_pk):
    review = visible_review_or_404(request, pk)
    if not access.can_record_meeting_outcome(request.user, review):
        raise Http404
    meeting = _meeting_or_404(review, meeting_pk)
    form = MeetingOutcomeForm(request.POST, prefix=f"o{meeting.pk}")
    if form.is_valid():
        try:
            service.outcome_record(meeting=meeting, actor=request.user, outcome_note=form.cleaned_data["outcome_note"])
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("The outcome note is saved."))
            return redirect(_anchor(review, meeting.pk))
    return _page(request, review, bound=(meeting.pk, "outcome_form", form), status=422)


# --- iCalendar ---------------------------------------------------------------------------------


@login_required
def meeting_ics(request, pk, meeting_pk):
    """The meeting for a calendar: seen by whoever sees the review."""
    review = visible_review_or_404(request, pk)
    meeting = _meeting_or_404(review, meeting_pk)
    meeting.review = review  # with its State, already fetched
    response = HttpResponse(meeting_calendar(meeting), content_type="text/calendar; charset=utf-8")
    filename = f"meeting-{review.state.code}-{meeting.starts_on:%Y-%m-%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
