"""A cycle's drawing of lots and its country pairings (page and CSV)."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from reference.models import ReviewCycle
from reviewmech.forms import add_service_error
from reviewmech.i18n import translated
from reviewmech.views import secretariat_required

from ..forms import (
    DrawReviewersForm,
    DrawYearsForm,
)
from ..selectors import reviews as selectors
from ..services import lots


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


@secretariat_required
def cycle_pairings(request, pk):
    """The country pairings (page, or CSV with ``?format=csv``)."""
    cycle = get_object_or_404(ReviewCycle.objects.select_related("mechanism"), pk=pk)
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    rows = selectors.pairings(cycle, year)
    if request.GET.get("format") == "csv":
        return _pairings_csv(cycle, year, rows)
    years = [row["year"] for row in selectors.cycle_years(cycle)]
    return render(request, "reviews/cycle_pairings.html", {"cycle": cycle, "rows": rows, "year": year, "years": years})


def _pairings_csv(cycle, year, rows):
    filename = f"pairings-{cycle.mechanism.code}-{cycle.number}{f'-{year}' if year else ''}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that spreadsheet programs read the names as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [_("Year"), _("State under review"), _("Code"), _("Regional group"), _("Instrument"), _("Reviewing States")]
    )
    for row in rows:
        writer.writerow(
            [
                row.review.year,
                translated(row.review.state, "name").text,
                row.review.state.code,
                translated(row.group, "name").text if row.group else "",
                translated(row.review.instrument, "short_title").text,
                "; ".join(f"{translated(a.state, 'name').text} ({a.get_basis_display()})" for a in row.reviewers),
            ]
        )
    return response
