"""The public pages: the States parties (the index, alphabetical in the page's language and by
regional group, and a State's page with its reviews as the public may see them) and the findings
explorer (the findings of published executive summaries)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reference.models import ReviewCycle, State
from reference.selectors import state_facts, states_index
from reviewmech.page_cache import cached_public_page
from reviews.selectors import statistics
from reviews.selectors.public import public_reviews_of_state, published_findings

from . import search
from .forms import FindingsFilter, SearchForm, StatisticsFilter


@require_GET
@cached_public_page
def state_index(request):
    return render(request, "public/state_index.html", {"index": states_index()})


@require_GET
@cached_public_page
def state_page(request, code):
    try:
        facts = state_facts(code)
    except State.DoesNotExist as exc:
        raise Http404 from exc
    reviews = public_reviews_of_state(facts.state)
    mechanisms = []
    for membership in facts.memberships:
        mechanisms.append(
            {
                "membership": membership,
                "reviews": [r for r in reviews if r.review.cycle.mechanism_id == membership.mechanism_id],
            }
        )
    return render(request, "public/state_page.html", {"facts": facts, "state": facts.state, "mechanisms": mechanisms})


#: Findings per page of the explorer.
FINDINGS_PER_PAGE = 50


@require_GET
@cached_public_page
def findings_explorer(request):
    """Good practices, challenges, recommendations and technical assistance needs of the published
    executive summaries, by article, each linked to its summary; filtered, paginated."""
    form = FindingsFilter(request.GET or None)
    findings = None
    page = None
    if not request.GET or form.is_valid():
        arguments = form.selector_arguments() if request.GET else {}
        findings = published_findings(**arguments)
        paginator = Paginator(findings, FINDINGS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "public/findings.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=200 if page is not None else 400,
    )


@require_GET
@cached_public_page
def statistics_page(request):
    """Aggregates, never a ranking: reviews by phase and regional group, technical assistance
    needs by article and category, and how long the steps take (median and quartiles)."""
    form = StatisticsFilter(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "public/statistics.html", {"form": form}, status=400)
    data = form.cleaned_data if request.GET else {}
    cycle = (
        data.get("cycle")
        or ReviewCycle.objects.filter(reviews__isnull=False).order_by("mechanism__order", "-number").first()
    )
    if cycle is None:
        return render(request, "public/statistics.html", {"form": form})
    if not request.GET:
        form = StatisticsFilter(initial={"cycle": cycle.pk})
    group = data.get("regional_group")
    return render(
        request,
        "public/statistics.html",
        {
            "form": form,
            "cycle": cycle,
            "group": group,
            "phases": statistics.reviews_by_phase(cycle),
            "ta": statistics.ta_needs(cycle),
            "durations": statistics.step_durations(cycle, regional_group=group),
            "min_group": statistics.MIN_GROUP,
        },
    )


#: Results per page of the search.
SEARCH_PER_PAGE = 20


@require_GET
@cached_public_page
def search_page(request):
    """Full-text search of the published documents, in the language chosen (``public.search``)."""
    form = SearchForm(request.GET or None)
    page = None
    language = request.LANGUAGE_CODE
    if request.GET and form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        language = data["language"] or request.LANGUAGE_CODE
        hits = search.search(
            data["q"],
            language,
            kind=data["kind"],
            state=data["state"],
            cycle=data["cycle"],
            regional_group=data["regional_group"],
        )
        page = Paginator(hits, SEARCH_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    status = 400 if request.GET and form.errors else 200
    return render(
        request,
        "public/search.html",
        {"form": form, "page": page, "query": query.urlencode(), "results_language": language},
        status=status,
    )
