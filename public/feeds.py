"""Atom feeds of new publications, per language (the page's) and per State: executive
summaries, full reports published with the State's consent, thematic reports and the summaries
of NGO briefings."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ngo_briefings.selectors import published_briefing_summaries
from reference.models import State
from reference.selectors import state_facts
from reviewmech.i18n import translated
from reviews.selectors.public import recent_publications

LIMIT = 50


def _moment(day: datetime.date | None):
    day = day or datetime.date(2000, 1, 1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class PublicationsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, code=None):
        if code is None:
            return None
        try:
            return state_facts(code).state
        except State.DoesNotExist as exc:
            raise Http404 from exc

    def title(self, state):
        if state is None:
            return _("reviewmech: new publications")
        return _("reviewmech: new publications on %(state)s") % {"state": translated(state, "name").text}

    def subtitle(self, state):
        return _("Executive summaries, reports, thematic reports and summaries of NGO briefings.")

    def link(self, state):
        return reverse("public:state", args=[state.code]) if state else reverse("public:states")

    def items(self, state):
        entries = recent_publications(state=state, limit=LIMIT)
        if state is None:
            entries += published_briefing_summaries(limit=LIMIT)
        return sorted(entries, key=lambda e: (e.published_on or datetime.date.min, e.key), reverse=True)[:LIMIT]

    def item_title(self, entry):
        return entry.title()

    def item_description(self, entry):
        return entry.description()

    def item_link(self, entry):
        if entry.kind == "ngo_briefing_summary":
            return reverse("ngo_briefings:briefing", args=[entry.number])
        if entry.symbol:
            return reverse("documents:document", args=[entry.symbol])
        return reverse("public:state", args=[entry.state_code])

    def item_guid(self, entry):
        return entry.key

    def item_pubdate(self, entry):
        return _moment(entry.published_on)

    def item_updateddate(self, entry):
        return _moment(entry.published_on)
