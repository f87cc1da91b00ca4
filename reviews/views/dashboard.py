"""The secretariat's dashboard of every review, and the reviews a participant takes part in."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from reference.models import Mechanism, ReviewCycle
from reviewmech.roles import is_secretariat
from reviewmech.views import secretariat_required

from ..filters import ReviewFilter
from ..selectors import reviews as selectors


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
    if not request.htmx:
        context["attention"] = _needing_attention()
    template = "reviews/partials/dashboard_results.html" if request.htmx else "reviews/dashboard.html"
    return render(request, template, context)


def _needing_attention() -> dict[str, int]:
    """What the operations page lists, counted for the dashboard (shown when not zero)."""
    from documents.services.renditions import renditions_backlog

    from ..services.notifications import events_needing_attention_count

    pdfs = renditions_backlog()
    return {"pdfs": pdfs["stuck"] + pdfs["failed"], "emails": events_needing_attention_count()}


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
