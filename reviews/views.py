"""Web views of the reviews app. Thin: forms in, a service or selector call, a template out."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reference.models import Mechanism, ReviewCycle
from reference.selectors import instruments_with_party_counts, mechanisms_overview
from reviewmech.i18n import translated
from reviewmech.roles import is_secretariat

from . import access
from .filters import ReviewFilter
from .forms import (
    CompleteStepForm,
    DrawReviewersForm,
    DrawYearsForm,
    PauseForm,
    RedrawForm,
    ResumeForm,
    add_service_error,
)
from .models import CountryReview, ReviewerAssignment
from .selectors import reviews as selectors
from .services import lots, workflow


def home(request):
    """The public front page: the mechanisms, their cycles and their States parties."""
    return render(
        request,
        "reviews/home.html",
        {"mechanisms": mechanisms_overview(), "instruments": instruments_with_party_counts()},
    )


def secretariat_required(view):
    """Staff pages: 404 for everyone else, revealing nothing."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_secretariat(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _mechanism_and_cycle(request):
    mechanisms = list(Mechanism.objects.order_by("order"))
    code = request.GET.get("mechanism") or (mechanisms[0].code if mechanisms else None)
    mechanism = next((m for m in mechanisms if m.code == code), None)
    if mechanism is None:
        raise Http404
    cycle = None
    cycle_id = request.GET.get("cycle")
    if cycle_id and cycle_id.isdigit():
        cycle = ReviewCycle.objects.filter(mechanism=mechanism, pk=cycle_id).first()
    elif "cycle" not in request.GET:
        cycle = mechanism.cycles.filter(reviews__isnull=False).order_by("-number").first()
    return mechanisms, mechanism, cycle


@secretariat_required
def dashboard(request):
    """The secretariat's view of a mechanism: reviews by phase and regional group, overdue
    steps and the next deadlines."""
    mechanisms, mechanism, cycle = _mechanism_and_cycle(request)
    data = request.GET.copy()
    if cycle is not None:
        data["cycle"] = str(cycle.pk)
    review_filter = ReviewFilter(data, queryset=selectors.reviews_for(request.user), mechanism=mechanism)
    filtered = review_filter.qs if review_filter.is_valid() else selectors.reviews_for(request.user).none()
    board = selectors.dashboard(request.user, mechanism=mechanism, cycle=None, filtered=filtered)
    page = Paginator(selectors.review_list(request.user, filtered), 50).get_page(request.GET.get("page"))
    context = {
        "mechanisms": mechanisms,
        "mechanism": mechanism,
        "cycle": cycle,
        "filter": review_filter,
        "board": board,
        "page": page,
        "query": _query_without_page(request),
    }
    template = "reviews/partials/dashboard_results.html" if request.htmx else "reviews/dashboard.html"
    return render(request, template, context)


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
    return render(request, "reviews/my_reviews.html", {"reviews": reviews})


def _review_context(request, pk, **forms):
    try:
        page = selectors.review_page(request.user, pk)
    except CountryReview.DoesNotExist as exc:
        raise Http404 from exc
    review = page.review
    context = {
        "page": page,
        "review": review,
        "can_complete": access.can_complete_step(request.user, review),
        "can_manage": access.can_manage_review(request.user, review),
        "complete_form": forms.get("complete_form") or CompleteStepForm(prefix="complete"),
        "pause_form": forms.get("pause_form") or PauseForm(prefix="pause"),
        "resume_form": forms.get("resume_form") or ResumeForm(prefix="resume"),
        "reviewers": [(a, RedrawForm(prefix=f"redraw-{a.pk}")) for a in page.reviewers],
    }
    return context


@login_required
def review_detail(request, pk):
    return render(request, "reviews/review_detail.html", _review_context(request, pk))


def _workflow_response(request, pk, status=200, **forms):
    """After an action: the workflow part of the page for HTMX, else back to the page."""
    if request.htmx:
        return render(request, "reviews/partials/workflow.html", _review_context(request, pk, **forms), status=status)
    if status != 200:
        return render(request, "reviews/review_detail.html", _review_context(request, pk, **forms), status=status)
    return redirect("reviews:review_detail", pk=pk)


def visible_review_or_404(request, pk):
    """The review if this person may see it; otherwise 404, revealing nothing."""
    queryset = CountryReview.objects.visible_to(request.user).select_related(
        "state", "instrument", "cycle", "cycle__mechanism"
    )
    return get_object_or_404(queryset, pk=pk)


def submit_to_service(form, action) -> bool:
    """Validate the form and call the service ``action`` with its cleaned data. True once
    done; False with the reasons on the form. A refused permission is a 404 revealing nothing."""
    if not form.is_valid():
        return False
    try:
        action(**form.cleaned_data)
    except ValidationError as exc:
        add_service_error(form, exc)
        return False
    except PermissionDenied as exc:
        raise Http404 from exc
    return True


def _apply(request, pk, form, action, form_name, success_message):
    if not submit_to_service(form, action):
        return _workflow_response(request, pk, status=422 if not request.htmx else 200, **{form_name: form})
    messages.success(request, success_message)
    return _workflow_response(request, pk)


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


@require_POST
@login_required
def review_pause(request, pk):
    review = visible_review_or_404(request, pk)
    return _apply(
        request,
        pk,
        PauseForm(request.POST, prefix="pause"),
        lambda on, reason: workflow.review_pause(review=review, actor=request.user, on=on, reason=reason),
        "pause_form",
        _("The review is paused."),
    )


@require_POST
@login_required
def review_resume(request, pk):
    review = visible_review_or_404(request, pk)
    return _apply(
        request,
        pk,
        ResumeForm(request.POST, prefix="resume"),
        lambda on, comment: workflow.review_resume(review=review, actor=request.user, on=on, comment=comment),
        "resume_form",
        _("The review has resumed."),
    )


@require_POST
@secretariat_required
def review_redraw(request, pk, assignment_pk):
    review = visible_review_or_404(request, pk)
    assignment = get_object_or_404(ReviewerAssignment, pk=assignment_pk, review=review)
    form = RedrawForm(request.POST, prefix=f"redraw-{assignment.pk}")
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
