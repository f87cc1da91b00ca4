"""One review's page: its people, reviewing States and timeline, the workflow actions
(complete a step, pause, resume, redraw a reviewing State), and what the State under review
agreed to publish (the consent ledger).

Built to stay fast at ten times the data (issue 19, ``tests/reviews/test_review_page.py``):

- the page's rows (timeline, history, reviewing States, people, consent) are ready values made
  here — each name translated and escaped once, each date formatted once, each address from
  one ``reverse`` — so that the templates only lay them out;
- the forms used now and then come on demand: pausing, resuming, redrawing a
  reviewing State and recording a consent decision. Their link asks the action's address with
  GET: HTMX swaps the form in place of the link; without JavaScript the link opens the page
  with that form (``?form=pause``). A form posted back with errors is shown open, with what was
  typed. Recording a step, the action of most visits, stays on the page;
- the history shows its latest ``HISTORY_LATEST`` events, the rest on demand (HTMX, or
  ``?history=all`` without JavaScript);
- a bounded number of queries, whatever the length of the history.

Every fragment answers with the permissions of the action it belongs to.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_http_methods, require_POST

from reviewmech.forms import submit_to_service
from reviewmech.i18n import long_date, translated
from reviewmech.roles import Role, is_secretariat
from reviewmech.views import secretariat_required

from .. import access
from ..forms import (
    CompleteStepForm,
    ConsentForm,
    PauseForm,
    RedrawForm,
    ResumeForm,
)
from ..models import ConsentDecision, CountryReview, ReviewerAssignment, ReviewEvent
from ..selectors import consent as consent_selectors
from ..selectors import reviews as selectors
from ..selectors.dialogue import meeting_of_event
from ..services import consent, lots, workflow
from ..templatetags.reviews_tags import delay
from .dashboard import Rows
from .helpers import kept_part, url_of_pk, visible_review_or_404

#: The events of the history shown on the page; the rest come on demand.
HISTORY_LATEST = 10


def _person(user) -> str:
    """``{{ user.get_full_name|default:user.username }}``."""
    if user is None:
        return ""
    return f"{user.first_name} {user.last_name}".strip() or user.username


def _datetime(value) -> tuple[str, str]:
    """An instant as the page shows it, in the current time zone: (ISO, short localised)."""
    local = timezone.localtime(value)
    return dateformat.format(local, "c"), formats.date_format(local, "SHORT_DATETIME_FORMAT")


# --- Reading --------------------------------------------------------------------------------------


def _review_or_404(request, pk) -> CountryReview:
    """The review if this person may see it, else 404 (revealing nothing)."""
    try:
        return (
            selectors.reviews_for(request.user)
            .select_related("state", "instrument", "cycle", "cycle__mechanism", "current_step")
            .get(pk=pk)
        )
    except CountryReview.DoesNotExist as exc:
        raise Http404 from exc


# --- Rows of the page ------------------------------------------------------------------------------


class _PageRows(Rows):
    """``Rows`` of the dashboard (names translated once, dates formatted once) with the labels
    of the choices of the review page, translated once per page."""

    def __init__(self):
        super().__init__()
        self._labels: dict = {}

    def label(self, choices, value) -> str:
        key = (choices, value)
        text = self._labels.get(key)
        if text is None:
            text = self._labels[key] = str(dict(choices.choices).get(value, value))
        return text


def _timeline_rows(entries, rows: _PageRows) -> list[dict]:
    result = []
    for entry in entries:
        state = "done" if entry.is_done else "current" if entry.is_current else "upcoming"
        days = entry.delay_days
        completion = entry.completion
        result.append(
            {
                "css": f"{state} overdue" if entry.is_overdue else state,
                "current": entry.is_current,
                "order": entry.step.order,
                "name": rows.name(entry.step, "name"),
                "paused": ngettext("(paused %(days)s day)", "(paused %(days)s days)", entry.paused_days)
                % {"days": entry.paused_days}
                if entry.paused_days
                else "",
                "indicative": rows.date(entry.indicative) or "—",
                "actual": rows.date(entry.actual) or "—",
                "late": days is not None and days > 0,
                "delay": delay(days),
                "done": completion is not None,
                "by": (_person(completion.recorded_by) or "—") if completion else "",
                "comment": completion.comment if completion else "",
            }
        )
    return result


def _time(day) -> str:
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), formats.date_format(day, "DATE_FORMAT"))


def _meeting_dates(meeting) -> str:
    """``reviews/partials/meeting_dates.html``, without a template."""
    if meeting.ends_on == meeting.starts_on:
        return _time(meeting.starts_on)
    return format_html("{} – {}", _time(meeting.starts_on), _time(meeting.ends_on))


def _meeting_change(change) -> str:
    if not change.shown:
        return _("%(label)s: changed") % {"label": change.label}
    return format_html(
        '{}: <span dir="auto">{}</span> {} <span dir="auto">{}</span>',
        change.label,
        _shown(change.old),
        pgettext("a value that changed: from the old one to the new one", "→"),
        _shown(change.new),
    )


def _shown(value) -> str:
    """A changed value as a template prints it: dates and numbers localised, "—" for none."""
    return formats.localize(value) if value not in (None, "") else "—"


def _meeting_event(meeting) -> str:
    """The meeting an event recorded: its mode, dates and place, and what changed."""
    if meeting.venue:
        place = format_html(' — <span dir="auto">{}</span>', meeting.venue)
    elif meeting.meeting_link:
        place = format_html(' — <span dir="ltr">{}</span>', meeting.meeting_link)
    else:
        place = ""
    html = format_html(
        '<div class="meeting-event">{} — {}{}</div>', meeting.get_mode_display(), _meeting_dates(meeting), place
    )
    if meeting.changes:
        items = format_html_join("", "\n        <li>{}</li>", ((_meeting_change(c),) for c in meeting.changes))
        html += format_html('<ul class="plain meeting-changes">{}</ul>', items)
    return html


def _history_rows(review, events, rows: _PageRows) -> list[dict]:
    result = []
    for event in events:
        iso, shown = _datetime(event.at)
        meeting = meeting_of_event(event, review)
        result.append(
            {
                "iso": iso,
                "at": shown,
                "kind": rows.label(ReviewEvent.Kind, event.kind),
                "step": rows.name(event.step, "name") if event.step_id else "",
                "actor": _person(event.actor),
                "comment": linebreaksbr(event.comment, autoescape=True) if event.comment else "",
                "meeting": _meeting_event(meeting) if meeting else "",
            }
        )
    return result


def _consent_rows(request, review, rows: _PageRows):
    """The decision in force per item and every decision recorded (one query: the ledger, the
    latest first, gives the decision in force of each item as its first)."""
    ledger = consent_selectors.ledger(review)
    in_force = consent_selectors.in_force_of(ledger)
    staff = is_secretariat(request.user)
    note_url = url_of_pk("sessions:incoming_note") if staff else None

    def rests_on(decision):
        if decision is None:
            return "—"
        note = decision.incoming_note
        if note is not None:
            text = note.their_reference or note.subject
            return format_html('<a href="{}">{}</a>', note_url(note.pk), text) if staff else text
        return decision.message

    consents = []
    for value, label in ConsentDecision.Item.choices:
        decision = in_force.get(value)
        consents.append(
            {
                "label": label,
                "decision": rows.label(ConsentDecision.Decision, decision.decision) if decision else "",
                "on": (long_date(decision.decided_on) if decision.decided_on else "") if decision else "—",
                "rests_on": rests_on(decision),
            }
        )
    entries = []
    for entry in ledger:
        by = _person(entry.recorded_by)
        entries.append(
            {
                "on": long_date(entry.decided_on) if entry.decided_on else "",
                "item": rows.label(ConsentDecision.Item, entry.item),
                "decision": rows.label(ConsentDecision.Decision, entry.decision),
                "by": by,
                "at": _datetime(entry.recorded_at)[1] if by else "",
            }
        )
    return consents, entries


# --- The forms ------------------------------------------------------------------------------------


def _consent_form(request, review, *args):
    return ConsentForm(*args, prefix="consent", review=review, staff=is_secretariat(request.user))


def _redraw_form(assignment, *args):
    return RedrawForm(*args, prefix=f"redraw-{assignment.pk}")


def _form_asked(request, review, rights) -> str:
    """The form ``?form=`` asks to open (the page without JavaScript), if this person may use it."""
    name = request.GET.get("form", "")
    if name == "pause" and rights["can_pause"]:
        return name
    if name == "resume" and rights["can_resume"]:
        return name
    if name == "consent" and rights["can_consent"]:
        return name
    if name.startswith("redraw-") and rights["can_manage"] and name[7:].isdigit():
        return name
    return ""


def _rights(user, review) -> dict:
    can_manage = access.can_manage_review(user, review)
    return {
        "can_complete": access.can_complete_step(user, review),
        "can_manage": can_manage,
        "can_pause": can_manage and review.status == CountryReview.Status.ACTIVE,
        "can_resume": can_manage and review.status == CountryReview.Status.PAUSED,
        "can_consent": access.can_edit_checklist(user, review),
    }


def _panel(panel_id, action, form, button, *, workflow, primary, **extra):
    """A secondary form of the page (``reviews/partials/review_form.html``): in the workflow's
    card or not, its button primary or not; ``extra``: ``intro``, ``narrow``."""
    return {
        "id": panel_id,
        "action": action,
        "workflow": workflow,
        "form": form,
        "button": button,
        "primary": primary,
        **extra,
    }


def _pause_panel(review, form):
    action = reverse("reviews:review_pause", args=[review.pk])
    return _panel("pause-form", action, form, _("Pause"), workflow=True, primary=False)


def _resume_panel(review, form):
    action = reverse("reviews:review_resume", args=[review.pk])
    return _panel("resume-form", action, form, _("Resume"), workflow=True, primary=True)


def _consent_panel(review, form):
    action = reverse("reviews:review_consent", args=[review.pk])
    return _panel("consent-form", action, form, _("Record the decision"), workflow=False, primary=True, narrow=True)


def _redraw_panel(review, assignment, form, redraws_used):
    intro = _("Redraws used: %(used)s of %(limit)s.") % {"used": redraws_used, "limit": review.cycle.redraw_limit}
    action = reverse("reviews:review_redraw", args=[review.pk, assignment.pk])
    return _panel(f"redraw-{assignment.pk}", action, form, _("Redraw"), workflow=False, primary=False, intro=intro)


# --- The page and its parts ------------------------------------------------------------------------

#: What shapes the read-only parts of the page (``kept_part``).
_PARTS_SOURCES = (
    __file__,
    "reviews/partials/review_top.html",
    "reviews/partials/timeline.html",
    "reviews/partials/review_history_section.html",
    "reviews/partials/review_history.html",
    "reviews/partials/meeting_next.html",
)


def _timeline_html(request, review, rows: _PageRows) -> str:
    entries = workflow.review_timeline(review)
    context = {"timeline": _timeline_rows(entries, rows), "current_label": _("current")}
    return render_to_string("reviews/partials/timeline.html", context, request)


def _actions_context(request, review, rights, rows: _PageRows, *, open_form="", **forms) -> dict:
    """The workflow's actions (``reviews/partials/workflow.html``), read on every request: their
    forms carry the person's CSRF token."""
    context = {"review": review, **rights, "page_url": reverse("reviews:review_detail", args=[review.pk])}
    if rights["can_complete"]:
        context["complete_form"] = forms.get("complete_form") or CompleteStepForm(prefix="complete")
        context["complete_url"] = reverse("reviews:review_complete_step", args=[review.pk])
        context["step_name"] = review.current_step.name
    if rights["can_pause"]:
        form = forms.get("pause_form") or (PauseForm(prefix="pause") if open_form == "pause" else None)
        context["pause"] = _pause_panel(review, form) if form else None
        context["pause_url"] = reverse("reviews:review_pause", args=[review.pk])
    if rights["can_resume"]:
        form = forms.get("resume_form") or (ResumeForm(prefix="resume") if open_form == "resume" else None)
        context["resume"] = _resume_panel(review, form) if form else None
        context["resume_url"] = reverse("reviews:review_resume", args=[review.pk])
        # Only a paused review has an open pause: no query for the others.
        open_pause = review.pauses.filter(resumed_on__isnull=True).only("paused_on", "reason").first()
        if open_pause is not None:
            context["paused_since"] = _("Paused since %(date)s: %(reason)s") % {
                "date": rows.date(open_pause.paused_on),
                "reason": open_pause.reason,
            }
    return context


def _workflow_context(request, review, rows: _PageRows, **forms) -> dict:
    """The timeline and the actions: what an action answers HTMX with."""
    rights = _rights(request.user, review)
    return {
        **_actions_context(request, review, rights, rows, **forms),
        "timeline_html": _timeline_html(request, review, rows),
    }


def _top_context(request, review, rights, rows: _PageRows, *, open_form="", all_history=False, **forms) -> dict:
    """What the page shows above and below the workflow: the facts, reviewing States, people,
    consent ledger and history."""
    assignments = selectors.review_assignments(review)
    redraw_pk = int(open_form[7:]) if open_form.startswith("redraw-") else None
    redraw_url = url_of_pk("reviews:review_redraw", review.pk) if rights["can_manage"] else None
    reviewers = []
    for a in assignments:
        if not a.active:
            continue
        row = {
            "pk": a.pk,
            "name": rows.name(a.state, "name"),
            "basis": rows.label(ReviewerAssignment.Basis, a.basis),
        }
        if redraw_url:
            row["form_url"] = redraw_url(a.pk)
            if a.pk == redraw_pk:
                row["panel"] = _redraw_panel(review, a, _redraw_form(a), selectors.redraws_used(review))
        reviewers.append(row)
    participants = selectors.review_participants(review)
    limit = None if all_history else HISTORY_LATEST + 1
    events = selectors.review_events(review, 0, limit)
    more = not all_history and len(events) > HISTORY_LATEST
    context = {
        "review": review,
        **rights,
        "page_url": reverse("reviews:review_detail", args=[review.pk]),
        # What the tests and the templates of the review read: its reviewing States.
        "page": SimpleNamespace(reviewers=[a for a in assignments if a.active]),
        "reviewers": reviewers,
        "replaced": ", ".join(rows.name(a.state, "name") for a in assignments if not a.active),
        "participants": [
            {
                "name": _person(p.user),
                "role": rows.label(Role, p.role),
                "state": rows.name(p.reviewing_state, "name") if p.reviewing_state_id else "",
                "email": p.user.email,
                "phone": p.user.phone,
            }
            for p in participants
        ],
        "history": _history_rows(review, events[:HISTORY_LATEST] if more else events, rows),
        "history_more_url": reverse("reviews:review_history", args=[review.pk]) if more else "",
        "started_on": rows.date(review.started_on) or "—",
        "mechanism_name": rows.name(review.cycle.mechanism, "short_name"),
        "cycle_title": rows.name(review.cycle, "title"),
        "state_name": rows.name(review.state, "name"),
        "instrument_name": rows.name(review.instrument, "short_title"),
    }
    if rights["can_consent"]:
        context["consents"], context["consent_ledger"] = _consent_rows(request, review, rows)
        context["not_asked"] = _("Not asked")
        form = forms.get("consent_form") or (_consent_form(request, review) if open_form == "consent" else None)
        context["consent"] = _consent_panel(review, form) if form else None
        context["consent_url"] = reverse("reviews:review_consent", args=[review.pk])
    return context


def _reader(rights) -> str:
    """What the parts depend on of the reader and the moment: their rights (``can_manage``: the
    secretariat, who also see the links to the notes verbales) and the day (what is overdue,
    the next meeting)."""
    flags = "".join("1" if rights[name] else "0" for name in sorted(rights))
    return f"{flags}:{timezone.localdate().isoformat()}"


def _parts(request, review, rights, rows: _PageRows, *, open_form="", all_history=False, **forms) -> dict:
    """The page's read-only parts as HTML: its title, what comes above the workflow (``top``),
    the timeline and the history. Without a form open or the whole history asked for, they are
    the same for everyone with the same rights: kept in the shared cache until something they
    show changes (``kept_part``), so that reading the page again costs the review, the reader's
    rights and one round trip to the cache."""

    def read():
        context = _top_context(request, review, rights, rows, open_form=open_form, all_history=all_history, **forms)
        return {
            # Plain text, escaped once by the template (a fallback's badge is no part of a title).
            "title": f"{translated(review.state, 'name').text} — {translated(review.instrument, 'short_title').text}",
            "top": render_to_string("reviews/partials/review_top.html", context, request),
            "timeline": _timeline_html(request, review, rows),
            "history": render_to_string("reviews/partials/review_history_section.html", context, request),
        }

    if open_form or all_history or any(forms.values()):
        return read()
    return kept_part(request, "review-page", review, _reader(rights), _PARTS_SOURCES, read)


def _page(request, review, *, status=200, **forms):
    rights = _rights(request.user, review)
    open_form = _form_asked(request, review, rights)
    for name, form in forms.items():  # a form posted back with its errors is the one open
        if form is not None:
            open_form = name.removesuffix("_form")
    rows = _PageRows()
    all_history = request.GET.get("history") == "all"
    parts = _parts(request, review, rights, rows, open_form=open_form, all_history=all_history, **forms)
    context = {
        **_actions_context(request, review, rights, rows, open_form=open_form, **forms),
        "parts": parts,
        "timeline_html": parts["timeline"],
    }
    return render(request, "reviews/review_detail.html", context, status=status)


@login_required
def review_detail(request, pk):
    return _page(request, _review_or_404(request, pk))


@login_required
def review_history(request, pk):
    """The history's events after the latest ones the page shows: list items for HTMX to put
    in place of the link "Show all"; without HTMX, the page with the whole history."""
    review = _review_or_404(request, pk)
    if not request.htmx:
        return redirect(f"{reverse('reviews:review_detail', args=[pk])}?history=all#history")
    rows = _PageRows()
    events = selectors.review_events(review, HISTORY_LATEST)
    return render(request, "reviews/partials/review_history.html", {"history": _history_rows(review, events, rows)})


def _workflow_response(request, pk, status=200, **forms):
    """After an action: the workflow part of the page for HTMX, else back to the page."""
    review = _review_or_404(request, pk)
    if request.htmx:
        context = _workflow_context(request, review, _PageRows(), **forms)
        return render(request, "reviews/partials/workflow.html", context, status=status)
    if status != 200:
        return _page(request, review, status=status, **forms)
    return redirect("reviews:review_detail", pk=pk)


def _apply(request, pk, form, action, form_name, success_message):
    if not submit_to_service(form, action):
        return _workflow_response(request, pk, status=422 if not request.htmx else 200, **{form_name: form})
    messages.success(request, success_message)
    return _workflow_response(request, pk)


def _form_fragment(request, panel):
    """A form asked for on demand: the form for HTMX to put in place of its link."""
    return render(request, "reviews/partials/review_form.html", {"panel": panel})


def _open_on_page(pk, name, anchor):
    return redirect(f"{reverse('reviews:review_detail', args=[pk])}?form={name}#{anchor}")


@require_POST
@login_required
def review_complete_step(request, pk):
    review = visible_review_or_404(request, pk)
    step = review.current_step
    step_name = translated(step, "name").text if step else ""
    return _apply(
        request,
        pk,
        CompleteStepForm(request.POST, prefix="complete"),
        lambda on, comment: workflow.review_complete_step(review=review, actor=request.user, on=on, comment=comment),
        "complete_form",
        _("Recorded: %(step)s.") % {"step": step_name},
    )


@require_http_methods(["GET", "POST"])
@login_required
def review_pause(request, pk):
    """GET: the form (on demand, for the secretariat). POST: pause the review."""
    review = visible_review_or_404(request, pk)
    if request.method == "GET":
        if not access.can_manage_review(request.user, review):
            raise Http404
        if not request.htmx:
            return _open_on_page(pk, "pause", "pause-form")
        return _form_fragment(request, _pause_panel(review, PauseForm(prefix="pause")))
    return _apply(
        request,
        pk,
        PauseForm(request.POST, prefix="pause"),
        lambda on, reason: workflow.review_pause(review=review, actor=request.user, on=on, reason=reason),
        "pause_form",
        _("The review is paused."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def review_resume(request, pk):
    """GET: the form (on demand, for the secretariat). POST: resume the review."""
    review = visible_review_or_404(request, pk)
    if request.method == "GET":
        if not access.can_manage_review(request.user, review):
            raise Http404
        if not request.htmx:
            return _open_on_page(pk, "resume", "resume-form")
        return _form_fragment(request, _resume_panel(review, ResumeForm(prefix="resume")))
    return _apply(
        request,
        pk,
        ResumeForm(request.POST, prefix="resume"),
        lambda on, comment: workflow.review_resume(review=review, actor=request.user, on=on, comment=comment),
        "resume_form",
        _("The review has resumed."),
    )


@require_http_methods(["GET", "POST"])
@secretariat_required
def review_redraw(request, pk, assignment_pk):
    """GET: the form to redraw a reviewing State, on demand. POST: redraw it."""
    review = visible_review_or_404(request, pk)
    assignment = get_object_or_404(ReviewerAssignment, pk=assignment_pk, review=review)
    if request.method == "GET":
        if not request.htmx:
            return _open_on_page(pk, f"redraw-{assignment.pk}", f"redraw-{assignment.pk}")
        panel = _redraw_panel(review, assignment, _redraw_form(assignment), selectors.redraws_used(review))
        return _form_fragment(request, panel)
    form = _redraw_form(assignment, request.POST)
    if form.is_valid():
        try:
            draw = lots.lots_redraw(
                assignment=assignment,
                actor=request.user,
                exceptional=form.cleaned_data["exceptional"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(old)s is replaced by %(new)s (seed %(seed)s).")
                % {
                    "old": translated(assignment.state, "name").text,
                    "new": translated(draw.review.reviewer_assignments.get(draw=draw).state, "name").text,
                    "seed": draw.seed,
                },
            )
    return redirect("reviews:review_detail", pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def review_consent(request, pk):
    """The State's decision on publishing an item of its review (the consent ledger). GET: the
    form, on demand, for those who may record a decision."""
    review = visible_review_or_404(request, pk)
    if request.method == "GET":
        if not access.can_edit_checklist(request.user, review):
            raise Http404
        if not request.htmx:
            return _open_on_page(pk, "consent", "consent-form")
        return _form_fragment(request, _consent_panel(review, _consent_form(request, review)))
    form = _consent_form(request, review, request.POST)
    if not submit_to_service(form, lambda **data: consent.consent_record(actor=request.user, review=review, **data)):
        return _page(request, _review_or_404(request, pk), status=422, consent_form=form)
    messages.success(request, _("The decision is recorded."))
    return redirect(f"{reverse('reviews:review_detail', args=[pk])}#consent")
