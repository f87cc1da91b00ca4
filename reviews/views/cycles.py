"""A cycle's drawing of lots and its country pairings (page and CSV)."""

import csv
from operator import attrgetter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reference.models import ReviewCycle
from reviewmech import freshness
from reviewmech.forms import add_service_error
from reviewmech.i18n import translated
from reviewmech.templatetags.reviewmech import shown
from reviewmech.views import secretariat_required

from ..forms import (
    DrawReviewersForm,
    DrawYearsForm,
)
from ..models import ReviewerAssignment
from ..selectors import pairings as pairings_selectors
from ..selectors import reviews as selectors
from ..selectors.pairings import pairings_table
from ..services import lots
from .helpers import url_of_pk


@secretariat_required
def cycle_lots(request, pk):
    """Drawing of lots for a cycle: the years of review, then the reviewing States per year."""
    cycle = get_object_or_404(ReviewCycle.objects.select_related("mechanism", "mechanism__overseen_by"), pk=pk)
    years = selectors.cycle_years(cycle)
    years_form = DrawYearsForm(cycle=cycle, prefix="years")
    for row in years:
        if not row["drawn"]:
            row["form"] = DrawReviewersForm(cycle=cycle, prefix="reviewers", initial={"year": row["year"]})
    status, form = 200, None
    if request.method == "POST":
        if "years-seed" in request.POST:
            form = years_form = DrawYearsForm(request.POST, cycle=cycle, prefix="years")
            action = lots.lots_draw_years
        else:
            form = DrawReviewersForm(request.POST, cycle=cycle, prefix="reviewers")
            action = lots.lots_draw_reviewers
            for row in years:
                if str(row["year"]) == request.POST.get("reviewers-year"):
                    row["form"] = form
        if form.is_valid():
            data = form.cleaned_data
            kwargs = {
                "cycle": cycle,
                "actor": request.user,
                "seed": data["seed"] or None,
                "session": data["session"],
                "exclude": [s.code for s in data["exclude"]],
            }
            if "year" in data:
                kwargs["year"] = data["year"]
            try:
                draw = action(**kwargs)
            except ValidationError as exc:
                add_service_error(form, exc)
                status = 422
            else:
                messages.success(request, _("Lots drawn with seed %(seed)s.") % {"seed": draw.seed})
                if draw.year:
                    return redirect(f"{reverse('reviews:cycle_pairings', args=[cycle.pk])}?year={draw.year}")
                return redirect(request.path)
        else:
            status = 422
    context = {
        "cycle": cycle,
        "years": years,
        "draws": selectors.cycle_draws(cycle),
        "years_form": years_form,
        "draw_errors": form.non_field_errors() if status != 200 and form is not years_form else [],
    }
    return render(request, "reviews/cycle_lots.html", context, status=status)


#: How long a cycle's pairings stay in the cache at most (a change replaces them sooner).
PAIRINGS_SECONDS = 15 * 60


def _code() -> str:
    """The digest of the code that shapes the pairings kept (``freshness.code_digest``)."""
    return freshness.code_digest(__file__, pairings_selectors.__file__)


@secretariat_required
def cycle_pairings(request, pk):
    """The country pairings (page, or CSV with ``?format=csv``)."""
    cycle = get_object_or_404(ReviewCycle.objects.select_related("mechanism"), pk=pk)
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    # What the page reads and makes of the reviews and their reviewing States (its rows, in the
    # page's language) is kept against the freshness counter, which a drawing of lots (or any
    # change of a review, a State's name or its regional group) moves: one round trip to the
    # cache while nothing changed.
    if request.GET.get("format") == "csv":
        table = freshness.read_through(
            f"reviews:pairings:{_code()}:{cycle.pk}:{year or ''}", lambda: pairings_table(cycle, year), PAIRINGS_SECONDS
        )
        return _pairings_csv(cycle, year, table)

    def read():
        rows = _pairings_page_rows(pairings_table(cycle, year))
        return rows, _pairings_rows_html(rows), [row["year"] for row in selectors.cycle_years(cycle)]

    rows, table_rows, years = freshness.read_through(
        f"reviews:pairings-page:{_code()}:{cycle.pk}:{year or ''}:{get_language()}", read, PAIRINGS_SECONDS
    )
    context = {"cycle": cycle, "rows": rows, "table_rows": table_rows, "year": year, "years": years}
    return render(request, "reviews/cycle_pairings.html", context)


def _labels(objects: dict, field: str, render) -> dict:
    """Each object's translated ``field``, rendered once per object (not once per row)."""
    return {pk: render(translated(obj, field)) for pk, obj in objects.items()}


def _bases() -> dict[str, str]:
    return {value: str(label) for value, label in ReviewerAssignment.Basis.choices}


def _shown_escaped(value):
    """``{% tr %}``'s HTML, escaped once here rather than at each of its uses in the table."""
    return conditional_escape(shown(value))


def _pairings_page_rows(table) -> list[dict]:
    """The rows of the page: names as ``{% tr %}`` shows them (with the badge of a missing
    translation), each computed once, and the review's address formatted from one ``reverse``."""
    html = _shown_escaped
    states = _labels(table.states, "name", html)
    groups = _labels(table.groups, "name", html)
    instruments = _labels(table.instruments, "short_title", html)
    bases = {value: conditional_escape(label) for value, label in _bases().items()}
    review_url = url_of_pk("reviews:review_detail")
    return [
        {
            "year": row["year"],
            "url": review_url(row["pk"]),
            "state": states[row["state_id"]],
            "group": groups.get(row["regional_group_id"]),
            "instrument": instruments[row["instrument_id"]],
            "reviewers": [(states[state_id], bases[basis]) for state_id, basis in row["reviewers"]],
        }
        for row in table.rows
    ]


#: One row of the pairings table. The whole cycle is ≈ 665 rows of the same five cells: made
#: with one ``format`` each from values escaped once (``_pairings_page_rows``) rather than by the
#: template language (≈ 50 µs a row, 35 ms a page). tests/reviews/test_views.py checks that the
#: table is the one the template made from the model rows, in three languages.
_ROW = (
    "\n    <tr>\n"
    "      <td>{year}</td>\n"
    '      <th scope="row"><a href="{url}">{state}</a></th>\n'
    "      <td>{group}</td>\n"
    "      <td>{instrument}</td>\n"
    "      <td>{reviewers}</td>\n"
    "    </tr>"
)
_REVIEWER = '{} <span class="muted">({})</span>'


def _pairings_rows_html(rows: list[dict]) -> str:
    """The table's rows, for ``{{ table_rows }}``: every value in them is already escaped."""
    not_drawn = format_html('<span class="muted">{}</span>', _("not drawn yet"))
    return mark_safe(  # noqa: S308 -- made of escaped values (conditional_escape, format_html, ints)
        "".join(
            _ROW.format(
                year=row["year"],
                url=conditional_escape(row["url"]),
                state=row["state"],
                group=row["group"] or "",
                instrument=row["instrument"],
                reviewers="<br>".join(_REVIEWER.format(state, basis) for state, basis in row["reviewers"]) or not_drawn,
            )
            for row in rows
        )
    )


def _pairings_csv(cycle, year, table):
    filename = f"pairings-{cycle.mechanism.code}-{cycle.number}{f'-{year}' if year else ''}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that spreadsheet programs read the names as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [_("Year"), _("State under review"), _("Code"), _("Regional group"), _("Instrument"), _("Reviewing States")]
    )
    text = attrgetter("text")
    states = _labels(table.states, "name", text)
    groups = _labels(table.groups, "name", text)
    instruments = _labels(table.instruments, "short_title", text)
    bases = _bases()
    for row in table.rows:
        writer.writerow(
            [
                row["year"],
                states[row["state_id"]],
                table.states[row["state_id"]].code,
                groups.get(row["regional_group_id"], ""),
                instruments[row["instrument_id"]],
                "; ".join(f"{states[state_id]} ({bases[basis]})" for state_id, basis in row["reviewers"]),
            ]
        )
    return response
