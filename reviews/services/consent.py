"""Recording what the State under review agrees to publish (the consent ledger). Every decision
is a new row: the latest is in force, the earlier ones are its history. The yes/no flags the
review pages show (the report's and the checklist's consent, the focal point's contacts) follow
the ledger, so withdrawing consent unpublishes at once everywhere."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviewmech.roles import is_secretariat

from .. import access, scopes
from ..models import Checklist, ChecklistSubmission, ConsentDecision, CountryReview, ReviewEvent, ReviewReport

Item = ConsentDecision.Item
Decision = ConsentDecision.Decision


def _sync_flags(review: CountryReview, item: str, granted: bool) -> None:
    scopes.touch_reviews([review.pk])  # updates send no signal (the decision's own save touches it too)
    if item == Item.FULL_REPORT:
        ReviewReport.objects.filter(review=review, kind=ReviewReport.Kind.COUNTRY_REPORT).update(
            consent_to_publish=granted
        )
    elif item == Item.SELF_ASSESSMENT:
        Checklist.objects.filter(review=review).update(consent_to_publish=granted)
    elif item == Item.FOCAL_POINT_CONTACTS:
        CountryReview.objects.filter(pk=review.pk).update(focal_point_contacts_public=granted)


def publish_self_assessment(review: CountryReview) -> None:
    """The PDF of the latest version, made by the workers, for the public to download."""
    from documents.services.renditions import request_renditions

    latest = ChecklistSubmission.objects.filter(checklist__review=review).order_by("-number").first()
    if latest is not None:
        request_renditions(latest)


@transaction.atomic
def consent_record(
    *,
    actor,
    review: CountryReview,
    item: str,
    decision: str,
    decided_on: datetime.date | None = None,
    incoming_note=None,
    message: str = "",
) -> ConsentDecision:
    """The State's decision on publishing ``item``: recorded by the secretariat (resting on a
    note verbale received from that State, or a message it names), or by the State's focal
    point here (which is its own basis)."""
    if not access.can_edit_checklist(actor, review):
        raise PermissionDenied(_("Only the State under review decides what is published of its review."))
    errors = {}
    if item not in Item.values:
        errors["item"] = _("Choose what the decision is about.")
    if decision not in Decision.values:
        errors["decision"] = _("Choose the decision.")
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("The date cannot be in the future.")
    message = (message or "").strip()
    if len(message) > 500:
        errors["message"] = _("At most %(limit)s characters.") % {"limit": 500}
    if incoming_note is not None and incoming_note.state_id != review.state_id:
        errors["incoming_note"] = _("This note verbale was not received from the State under review.")
    staff = is_secretariat(actor)
    if staff and decision != Decision.NOT_ASKED and incoming_note is None and not message:
        errors["message"] = _("Say what the decision rests on: a note verbale received, or a message.")
    if errors:
        raise ValidationError(errors)
    if not staff and not message:
        message = _("Recorded by the State's focal point.")
    made = ConsentDecision.objects.create(
        review=review,
        item=item,
        decision=decision,
        decided_on=decided_on,
        incoming_note=incoming_note,
        message=message,
        recorded_by=actor,
    )
    _sync_flags(review, item, decision == Decision.GRANTED)
    if item == Item.SELF_ASSESSMENT and decision == Decision.GRANTED:
        publish_self_assessment(review)
    ReviewEvent.objects.create(
        review=review,
        kind=ReviewEvent.Kind.CONSENT_CHANGED,
        actor=actor,
        comment=message,
        data={"item": item, "decision": decision, "decided_on": decided_on.isoformat()},
    )
    return made
