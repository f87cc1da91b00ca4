"""Reads of the civil-society app. Briefings and their published summaries are public; the
registrations are the secretariat's and each person's own; civil-society input is read only by
those the review involves (see :func:`inputs_visible_to`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from documents.models import Document
from reviewmech.roles import Role, is_secretariat
from reviews.models import CountryReview, Participant

from .models import Briefing, CivilSocietyInput, Member, Organization, Presentation, QuestionRaised, Registration


def inputs_visible_to(user):
    """The civil-society input a person may read:

    - the secretariat: all of it;
    - an organization's account: its own organization's input (and the replies to it);
    - once the secretariat has shared it with the review team: the focal point of the State
      under review, and the governmental experts assigned to that review.

    Nobody else: not the public, not other States, not other organizations, not experts of
    other reviews, not observers."""
    items = CivilSocietyInput.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return items.none()
    if is_secretariat(user):
        return items
    if user.role == Role.NGO:
        organization = Member.objects.filter(user=user).values("organization_id")
        return items.filter(organization_id__in=organization)
    shared = ~Q(status=CivilSocietyInput.Status.RECEIVED)
    if user.role == Role.FOCAL_POINT and user.state_id:
        return items.filter(shared, review__state_id=user.state_id)
    if user.role == Role.EXPERT:
        assigned = Participant.objects.filter(user=user, role=Role.EXPERT, active=True).values("review_id")
        return items.filter(shared, review_id__in=assigned)
    return items.none()


def review_inputs(user, review: CountryReview):
    """The input on one review this person may read, with its files, newest first."""
    return (
        inputs_visible_to(user)
        .filter(review=review)
        .select_related("organization", "submitted_by", "replied_by")
        .prefetch_related("attachments")
        .order_by("-received_on", "-pk")
    )


def reviews_taking_input():
    """The reviews in progress at a step that takes civil-society input (their existence and
    stage are public facts)."""
    return (
        CountryReview.objects.filter(status=CountryReview.Status.ACTIVE, current_step__takes_civil_society_input=True)
        .select_related("state", "instrument", "cycle", "current_step")
        .order_by("state__name")
    )


@dataclass
class BriefingList:
    upcoming: list[Briefing]
    past: list[Briefing]


def briefings_list(*, today: datetime.date) -> BriefingList:
    """Upcoming briefings (soonest first) and past ones (latest first), each with its session
    and its number of confirmed places: a fixed number of queries whatever the registrations."""
    briefings = Briefing.objects.select_related("session__body", "session__country").annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED))
    )
    return BriefingList(
        upcoming=list(briefings.filter(held_on__gte=today).order_by("held_on")),
        past=list(briefings.filter(held_on__lt=today).order_by("-held_on")),
    )


@dataclass
class BriefingPage:
    briefing: Briefing
    presentations: list[Presentation]
    #: Questions raised, grouped by topic in the order they were raised.
    questions: list[tuple[str, list[QuestionRaised]]]
    programme: Document | None
    #: Organizations that took part and agreed to be listed (past briefings only).
    organizations: list[Organization]
    confirmed: int
    waiting: int
    #: The person's own registration, if any.
    registration: Registration | None


def briefing_page(user, number: int, *, today: datetime.date) -> BriefingPage:
    """A briefing as this person may see it; ``Briefing.DoesNotExist`` if there is none."""
    briefing = Briefing.objects.select_related("session__body", "session__country", "chair_state").get(number=number)
    visible = Document.objects.visible_to(user)
    presentations = list(
        Presentation.objects.filter(briefing=briefing).prefetch_related(
            Prefetch("documents", queryset=visible.order_by("symbol"), to_attr="visible_documents")
        )
    )
    groups: dict[str, list[QuestionRaised]] = {}
    for question in QuestionRaised.objects.filter(briefing=briefing):
        groups.setdefault(question.topic, []).append(question)
    programme = visible.filter(pk=briefing.programme_id).first() if briefing.programme_id else None
    counts = dict(
        Registration.objects.filter(briefing=briefing).values_list("status").annotate(n=Count("pk")).order_by()
    )
    organizations = []
    if briefing.held_on < today:
        organizations = list(
            Organization.objects.filter(
                registrations__briefing=briefing,
                registrations__status=Registration.Status.CONFIRMED,
                registrations__listed=True,
            )
            .distinct()
            .order_by("name")
        )
    registration = None
    if getattr(user, "is_authenticated", False):
        registration = (
            Registration.objects.filter(briefing=briefing, person=user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
    return BriefingPage(
        briefing,
        presentations,
        list(groups.items()),
        programme,
        organizations,
        counts.get(Registration.Status.CONFIRMED, 0),
        counts.get(Registration.Status.WAITING, 0),
        registration,
    )


def published_briefings():
    """The briefings whose summary is published: what anyone may read of them."""
    return Briefing.objects.filter(summary_published=True)


def published_briefing_summaries(*, limit: int = 50):
    """The published summaries of briefings, newest first, as entries of the public feeds."""
    from django.utils.translation import gettext as _

    from reviews.selectors.public import Publication

    return [
        Publication(
            key=f"ngo-briefing-{briefing.number}",
            kind="ngo_briefing_summary",
            published_on=briefing.summary_issued_on,
            label=_("Summary of a briefing for non-governmental organizations"),
            subject=briefing.session.title(),
            number=briefing.number,
        )
        for briefing in published_briefings()
        .select_related("session__body")
        .order_by("-summary_issued_on", "-number")[:limit]
    ]


def briefing_registrations(briefing: Briefing):
    """Who registered for a briefing (the secretariat's list): places first, then the waiting
    list and the cancelled, each in the order they came."""
    return (
        Registration.objects.filter(briefing=briefing)
        .select_related("organization", "person")
        .order_by("status", "created_at")
    )


def registrations_of(user):
    """A person's own registrations, the latest briefing first."""
    return (
        Registration.objects.filter(person=user)
        .select_related("briefing__session__body")
        .order_by("-briefing__held_on")
    )


def organizations_for_staff():
    """Every organization with its number of accounts, those awaiting approval first."""
    return Organization.objects.select_related("country").annotate(people=Count("members")).order_by("status", "name")
