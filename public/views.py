"""The public pages of the States parties: the index (alphabetical in the page's language and by
regional group) and a State's page (its mechanisms, its reviews as the public may see them, and
their published reports in each language)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reference.models import State
from reference.selectors import state_facts, states_index
from reviews.selectors.public import public_reviews_of_state


@require_GET
def state_index(request):
    return render(request, "public/state_index.html", {"index": states_index()})


@require_GET
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
