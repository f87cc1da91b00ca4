"""The secretariat's dashboard of every review, and the reviews a participant takes part in.

The page's lists are built here as rows of ready values (each name translated and escaped once
per page, each address from one ``reverse``, each date formatted once), so that the template
only lays them out: a template tag, ``{% url %}`` or filter per cell costs more than the rest
of the page (``tests/reviews/test_dashboard_speed.py``). The reviews they show are read as
plain values (``selectors.reviews.ListedReview``), not model instances; the mechanisms, cycles,
steps and regional groups are read once and serve the tabs, the filter's choices (checked
against them, with no query), the matrix and the lists' steps.

What the page reads from the database for an address (its filters and page number) is kept in
the cache against the freshness counter (``reviewmech.freshness``), which every change of what
it shows moves in the change's own transaction — a review's step, status, dates or reviewing
States, a pause, a drawing of lots, a workflow step, a State's name or regional group: a page
read again is served from the cache until then, and read afresh on the next request after.
The cache key holds the reader and today's date (a step falls overdue at midnight with no
write). The results as written in a language (``dashboard_results.html``) are kept beside the
reading. The few counts of what needs attention (stuck PDFs, late e-mails) are kept a minute."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import NamedTuple

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reference.models import Mechanism, RegionalGroup, ReviewCycle
from reviewmech import freshness
from reviewmech.i18n import translated
from reviewmech.roles import is_secretariat
from reviewmech.templatetags.reviewmech import shown
from reviewmech.views import secretariat_required

from ..filters import ReviewFilter
from ..models import CountryReview, WorkflowStep
from ..selectors import reviews as selectors
from ..selectors.reviews import ListedReview
from ..templatetags.reviews_tags import status_badge
from .helpers import url_of_pk

#: Reviews per page of the dashboard's list.
PER_PAGE = 50


def _mechanism_and_cycle(request):
    """The mechanisms (tabs), the one shown, its cycles (the filter's choices) and the cycle
    shown: by default the last one with reviews; none for "all cycles" (``cycle=``)."""
    mechanisms = list(Mechanism.objects.order_by("order"))
    code = request.GET.get("mechanism") or (mechanisms[0].code if mechanisms else None)
    mechanism = next((m for m in mechanisms if m.code == code), None)
    if mechanism is None:
        raise Http404
    cycles = ReviewCycle.objects.filter(mechanism=mechanism).order_by("number")
    cycle = None
    cycle_id = request.GET.get("cycle")
    if "cycle" not in request.GET:  # which have reviews: only asked when the cycle is not said
        cycles = list(cycles.annotate(has_reviews=Exists(CountryReview.objects.filter(cycle_id=OuterRef("pk")))))
        cycle = next((c for c in reversed(cycles) if c.has_reviews), None)
    else:
        cycles = list(cycles)
        if cycle_id and cycle_id.isdigit():
            cycle = next((c for c in cycles if c.pk == int(cycle_id)), None)
    return mechanisms, mechanism, cycles, cycle


@dataclass
class Reading:
    """What the dashboard read from the database for one address: the mechanisms (tabs), the one
    shown, its cycles and the cycle shown, its steps, the regional groups, the counts and lists
    (``board``) and the page of the list of reviews (plain rows, with the number of reviews)."""

    mechanisms: list[Mechanism]
    mechanism: Mechanism
    cycles: list[ReviewCycle]
    cycle: ReviewCycle | None
    steps: list[WorkflowStep]
    groups: list[RegionalGroup]
    board: selectors.Dashboard
    page_number: int
    page_rows: list[ListedReview]

    def page(self) -> Page:
        """The page of the list: its rows, and a paginator that counts the reviews counted."""
        return Page(self.page_rows, self.page_number, Paginator(range(self.board.count), PER_PAGE))


#: How long a reading stays in the cache at most (a change of what it shows replaces it sooner).
READING_SECONDS = 15 * 60


def _filter(request, queryset, mechanism, cycles, cycle, steps, groups) -> ReviewFilter:
    data = request.GET.copy()
    if cycle is not None:
        data["cycle"] = str(cycle.pk)
    # The choices are checked against the cycles, steps and groups already read: no query.
    return ReviewFilter(data, queryset=queryset, mechanism=mechanism, cycles=cycles, steps=steps, groups=groups)


def _read(request) -> Reading:
    """Read the page's data from the database (the cache missed)."""
    mechanisms, mechanism, cycles, cycle = _mechanism_and_cycle(request)
    steps = selectors.workflow_steps(mechanism)
    groups = selectors.regional_groups()
    visible = selectors.reviews_for(request.user)
    review_filter = _filter(request, visible, mechanism, cycles, cycle, steps, groups)
    filtered = review_filter.qs if review_filter.is_valid() else visible.none()
    # The list is the mechanism's, as the counts are (with "all cycles" it showed every
    # mechanism's reviews under the tab of one).
    filtered = filtered.filter(cycle__mechanism=mechanism)
    board = selectors.dashboard(
        request.user, mechanism=mechanism, cycle=None, filtered=filtered, steps=steps, groups=groups
    )
    # The list's reviews are those counted: their number is the board's, not a query again.
    page = selectors.review_list_page(
        request.user, filtered, request.GET.get("page"), PER_PAGE, count=board.count, steps=steps
    )
    return Reading(mechanisms, mechanism, cycles, cycle, steps, groups, board, page.number, list(page.object_list))


#: The code and templates that shape what is kept (see ``freshness.code_digest``).
_SHAPED_BY = (__file__, selectors.__file__, "reviews/partials/dashboard_results.html")


def _reading_key(request) -> str:
    address = "&".join(f"{key}={value}" for key, value in sorted(request.GET.lists()))
    raw = f"{request.user.pk}|{address}|{timezone.localdate()}"
    code = freshness.code_digest(*_SHAPED_BY)
    return f"reviews:dashboard:{code}:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


@secretariat_required
def dashboard(request):
    """The secretariat's view of a mechanism: reviews by phase and regional group, overdue
    steps and the next deadlines."""
    # The page's data, and the results written from it in the page's language: from the cache
    # while the freshness counter has not moved (one round trip for the counter and both), else
    # read and written again.
    key = _reading_key(request)
    results_key = f"{key}:{get_language()}"
    stamp, found = freshness.fresh_entries(key, results_key)
    read = found[key] if key in found else freshness.keep(key, stamp, _read(request), READING_SECONDS)
    board = read.board
    review_filter = _filter(
        request, selectors.reviews_for(request.user), read.mechanism, read.cycles, read.cycle, read.steps, read.groups
    )
    review_filter.is_valid()  # the form's errors, shown beside its fields
    rows = Rows(board.today)
    context = {
        "mechanisms": read.mechanisms,
        "mechanism": read.mechanism,
        "cycle": read.cycle,
        "filter": review_filter,
        "board": board,
        "page": read.page(),
        "query": _query_without_page(request),
    }
    if not request.htmx:
        context["attention"] = _needing_attention()
        context["mechanism_tabs"] = [(m, rows.name(m, "short_name")) for m in read.mechanisms]
        context["filter_fields"] = filter_fields(
            review_filter.form, {"cycle": read.cycles, "phase": board.steps, "region": board.groups}
        )
    # The results (counts, lists, the page of reviews) are written once per reading and
    # language, kept beside the reading: they depend on nothing else (no form, no message).
    results = found.get(results_key)
    if results is None:
        context |= _results_rows(rows, board, context["page"])
        results = freshness.keep(
            results_key, stamp, render_to_string(RESULTS_TEMPLATE, context, request), READING_SECONDS
        )
    context["results"] = results
    template = "reviews/partials/dashboard_results_shown.html" if request.htmx else "reviews/dashboard.html"
    return render(request, template, context)


def _results_rows(rows: Rows, board, page) -> dict:
    """The rows of the results' tables, made from the reading (``Rows``)."""
    return {
        "steps": [(step.order, rows.name(step, "name")) for step in board.steps],
        "matrix": [(rows.name(row.group, "name"), row) for row in board.rows],
        "overdue_rows": [rows.overdue(review) for review in board.overdue],
        "upcoming_rows": [rows.upcoming(review) for review in board.upcoming],
        "rows": [rows.review(review) for review in page.object_list],
    }


#: The results of the dashboard, the part HTMX replaces when the filters change.
RESULTS_TEMPLATE = "reviews/partials/dashboard_results.html"


# --- Rows of the page's lists ---------------------------------------------------------------------


class ReviewRow(NamedTuple):
    """A row of the table of reviews (``reviews/partials/review_table.html``)."""

    year: int
    url: str
    state: SafeString
    instrument: SafeString
    reviewers: SafeString
    step: SafeString
    due: str
    status: SafeString


class OverdueRow(NamedTuple):
    url: str
    state: SafeString
    instrument: SafeString
    step: SafeString
    due: str
    days: int


class UpcomingRow(NamedTuple):
    due: str
    url: str
    state: SafeString
    instrument: SafeString
    step: SafeString


class Rows:
    """Builds the rows of one page from reviews — ``ListedReview`` rows, or ``CountryReview``
    instances with their ``active_reviewers`` (``my_reviews``): a name (a State, an instrument,
    a step) is translated —
    or shown in another language with its badge, as ``{% tr %}`` does — and escaped once per
    page however many rows show it; a date is formatted once; the review's address comes from
    one ``reverse``."""

    def __init__(self, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        self._names: dict = {}
        self._dates: dict = {}
        self._badges: dict = {}
        self._url = url_of_pk("reviews:review_detail")

    def name(self, obj, field: str) -> SafeString:
        if obj is None:
            return SafeString("")
        key = (type(obj), obj.pk, field)
        text = self._names.get(key)
        if text is None:
            text = self._names[key] = conditional_escape(shown(translated(obj, field)))
        return text

    def date(self, day: datetime.date | None) -> str:
        if day is None:
            return ""
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = formats.date_format(day, "SHORT_DATE_FORMAT")
        return text

    def status(self, review: CountryReview | ListedReview) -> SafeString:
        """The badge of ``{% status_badge %}``, made once per status (and lateness)."""
        key = (review.status, bool(review.current_due and review.current_due < self.today))
        badge = self._badges.get(key)
        if badge is None:
            badge = self._badges[key] = status_badge(review)
        return badge

    def review(self, review: CountryReview | ListedReview) -> ReviewRow:
        reviewers = getattr(review, "active_reviewers", ())
        if reviewers:
            names = mark_safe(", ".join(self.name(a.state, "name") for a in reviewers))  # noqa: S308 (escaped)
        else:
            names = format_html('<span class="muted">{}</span>', _("not drawn yet"))
        return ReviewRow(
            year=review.year,
            url=self._url(review.pk),
            state=self.name(review.state, "name"),
            instrument=self.name(review.instrument, "short_title"),
            reviewers=names,
            step=self.name(review.current_step, "name") if review.current_step_id else SafeString("—"),
            due=self.date(review.current_due) or "—",
            status=self.status(review),
        )

    def overdue(self, review: ListedReview) -> OverdueRow:
        return OverdueRow(
            url=self._url(review.pk),
            state=self.name(review.state, "name"),
            instrument=self.name(review.instrument, "short_title"),
            step=self.name(review.current_step, "name"),
            due=self.date(review.current_due),
            days=(self.today - review.current_due).days,
        )

    def upcoming(self, review: ListedReview) -> UpcomingRow:
        return UpcomingRow(
            due=self.date(review.current_due),
            url=self._url(review.pk),
            state=self.name(review.state, "name"),
            instrument=self.name(review.instrument, "short_title"),
            step=self.name(review.current_step, "name"),
        )


# --- The filters ------------------------------------------------------------------------------------


def filter_fields(form, objects: dict[str, list]) -> list[dict]:
    """The filter form's fields, laid out by the page itself: a list of choices is rendered
    from the objects the page already holds (``objects``, by field name: the mechanism's cycles,
    its steps, the regional groups), not with a query and a template per option. Other fields
    are rendered by their widget."""
    fields = []
    for bound in form:
        field = bound.field
        item = {"id": bound.id_for_label, "name": bound.html_name, "label": bound.label, "widget": None}
        if isinstance(field, forms.ModelChoiceField) and bound.name in objects:
            label = field.label_from_instance
            choices = [("", field.empty_label)] + [(obj.pk, label(obj)) for obj in objects[bound.name]]
        elif isinstance(field, forms.ChoiceField) and isinstance(field.widget, forms.Select):
            choices = list(field.choices)
        else:
            choices = None
            item["widget"] = str(bound)
        if choices is not None:
            value = bound.value()
            selected = "" if value is None else str(value)
            item["options"] = [(str(key), text, str(key) == selected) for key, text in choices]
        fields.append(item)
    return fields


#: How long the dashboard's counts of what needs attention are kept: they move with the clock
#: (a PDF becomes stuck, an e-mail late, after some minutes) and with the workers' writes, and
#: lead to the operations page, which reads them live; a minute late is no harm to a notice.
ATTENTION_SECONDS = 60


def _needing_attention() -> dict[str, int]:
    """What the operations page lists, counted for the dashboard (shown when not zero), kept
    for ``ATTENTION_SECONDS``."""
    from documents.services.renditions import renditions_backlog

    from ..services.notifications import events_needing_attention_count

    def count():
        pdfs = renditions_backlog()
        return {"pdfs": pdfs["stuck"] + pdfs["failed"], "emails": events_needing_attention_count()}

    return cache.get_or_set("reviews:dashboard:attention", count, ATTENTION_SECONDS)


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def my_reviews(request):
    """The reviews a focal point, expert or observer takes part in."""
    if is_secretariat(request.user):
        return redirect("reviews:dashboard")
    reviews = selectors.review_list(request.user)
    rows = Rows()
    return render(request, "reviews/my_reviews.html", {"reviews": reviews, "rows": [rows.review(r) for r in reviews]})
