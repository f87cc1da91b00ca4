"""E-mail notifications about country reviews.

* ``notify_event``: a mail to each person on a review when it changes (a step completed, a
  pause, a resumption), in that person's language. A dialogue meeting planned, changed or
  cancelled is sent with the meeting for the calendar (``services.meeting_calendar``).
* ``send_deadline_reminders``: the daily job: a reminder to the people on a review before
  the indicative date of its current step, and a digest of the newly overdue steps to the
  secretariat.

Sending is idempotent. Each mail (or each overdue step) has a key; the key is claimed in a
``Notification`` row, committed on its own, *before* the mail goes out. A re-run, a retried
task or a second worker finds the key taken and sends nothing. When the mail server refuses
a mail the claim is released, so that a later run may send it.

States are never ranked: the digest lists them alphabetically, never by delay.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from reviewmech.celery import nudge_after_commit
from reviewmech.i18n import alphabetical
from reviewmech.roles import Role

from ..models import CountryReview, Notification, Participant, ReviewEvent

logger = logging.getLogger(__name__)


#: Who is reminded of a coming indicative date: those who act on the review.
REMINDED_ROLES = (Role.FOCAL_POINT, Role.EXPERT, Role.SECRETARIAT)


# --- Claims ----------------------------------------------------------------------------------


def _claim(*, key: str, kind: str, subject: str = "", user=None, review=None) -> Notification | None:
    """Take ``key``, in a transaction of its own; None when it is already taken."""
    try:
        with transaction.atomic():
            return Notification.objects.create(
                key=key, kind=kind, subject=subject[:300], user=user, review=review, sent_at=None
            )
    except IntegrityError:
        return None


def _mark_sent(notifications: Iterable[Notification]) -> None:
    pks = [n.pk for n in notifications]
    if pks:
        Notification.objects.filter(pk__in=pks).update(sent_at=timezone.now())


def _release(notifications: Iterable[Notification]) -> None:
    pks = [n.pk for n in notifications]
    if pks:
        Notification.objects.filter(pk__in=pks).delete()


def _taken(keys: Iterable[str]) -> set[str]:
    """The keys already claimed, read in a few queries (the claim itself stays the guard)."""
    keys = list(keys)
    taken: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        taken.update(Notification.objects.filter(key__in=chunk).values_list("key", flat=True))
    return taken


# --- Rendering -------------------------------------------------------------------------------


def _site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def _page_url(name: str, review: CountryReview) -> str:
    """A page of the review, in the active language (its URL carries the language)."""
    try:
        path = reverse(name, args=[review.pk])
    except NoReverseMatch:
        return _site_url() + "/"
    return _site_url() + path


def review_url(review: CountryReview) -> str:
    """The review page, in the active language."""
    return _page_url("reviews:review_detail", review)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _render(name: str, context: dict) -> tuple[str, str]:
    """Subject (one line) and body of ``templates/reviews/email/<name>_*.txt`` in the active
    language."""
    subject = _one_line(render_to_string(f"reviews/email/{name}_subject.txt", context))
    body = render_to_string(f"reviews/email/{name}_body.txt", context)
    body = "\n".join(line.rstrip() for line in body.splitlines())
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return subject, body


def _message(*, subject: str, body: str, user, connection, attachments=()) -> EmailMessage:
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
        attachments=list(attachments),
    )


def _language(user) -> str:
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _recipients(participants: Iterable[Participant], *, exclude_user_id=None) -> list:
    """The people of these participations, once each, who can receive mail."""
    users, seen = [], set()
    for participant in participants:
        user = participant.user
        if user.pk in seen or user.pk == exclude_user_id or not user.is_active or not user.email:
            continue
        seen.add(user.pk)
        users.append(user)
    return users


# --- A change in a review --------------------------------------------------------------------


def _event_date(event: ReviewEvent) -> datetime.date:
    for field in ("completed_on", "paused_on", "resumed_on"):
        value = (event.data or {}).get(field)
        if value:
            try:
                return datetime.date.fromisoformat(value)
            except (TypeError, ValueError):
                break
    return timezone.localdate(event.at)


def notify_event(*, event_id: int) -> int:
    """Mail the people on the review about one of its events. Returns the number of mails
    sent; 0 when the event is gone or everyone was already told."""
    event = (
        ReviewEvent.objects.select_related(
            "step",
            "actor",
            "review__state",
            "review__instrument",
            "review__cycle",
            "review__current_step",
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    sent = _notify(event)
    ReviewEvent.objects.filter(pk=event.pk).update(notification_due=False, notified_at=timezone.now())
    return sent


def _notify(event) -> int:
    if event.kind in ReviewEvent.MEETING_KINDS:
        return _notify_meeting(event)
    review = event.review
    participants = (
        Participant.objects.filter(review=review, active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    recipients = _recipients(participants, exclude_user_id=event.actor_id)
    if not recipients:
        return 0
    keys = {user.pk: f"event:{event.pk}:user:{user.pk}" for user in recipients}
    taken = _taken(keys.values())
    recipients = [user for user in recipients if keys[user.pk] not in taken]
    if not recipients:
        return 0
    happened_on = _event_date(event)
    sent = 0
    with get_connection() as connection:
        for user in recipients:
            with translation.override(_language(user)):
                context = {
                    "user": user,
                    "event": event,
                    "review": review,
                    "happened_on": happened_on,
                    "next_step": review.current_step,
                    "next_due": review.current_due,
                    "is_paused": review.status == CountryReview.Status.PAUSED,
                    "is_completed": review.status == CountryReview.Status.COMPLETED,
                    "url": review_url(review),
                }
                subject, body = _render("event", context)
            sent += _send_once(
                key=keys[user.pk],
                kind=Notification.Kind.EVENT,
                subject=subject,
                body=body,
                user=user,
                review=review,
                connection=connection,
            )
    return sent


def _send_once(*, key, kind, subject, body, user, review, connection, attachments=()) -> int:
    """Claim ``key``, send one mail, mark it sent; 0 when the key was already claimed. A mail
    the server refuses releases its claim so that a retry sends it."""
    claim = _claim(key=key, kind=kind, subject=subject, user=user, review=review)
    if claim is None:
        return 0
    try:
        _message(subject=subject, body=body, user=user, connection=connection, attachments=attachments).send()
    except Exception:
        _release([claim])
        raise
    _mark_sent([claim])
    return 1


# --- A dialogue meeting ----------------------------------------------------------------------


def _meeting_recipients(event: ReviewEvent) -> list:
    """The people on the review, the one who made the change included (their calendar holds
    the meeting too). A cancellation also goes to whoever was sent this meeting before and has
    left the review since, so that no calendar keeps it; a change does not (they no longer
    see the review)."""
    participants = (
        Participant.objects.filter(review_id=event.review_id, active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    users = _recipients(participants)
    if event.kind == ReviewEvent.Kind.MEETING_CANCELLED:
        earlier = ReviewEvent.objects.filter(
            review_id=event.review_id, kind__in=ReviewEvent.MEETING_KINDS, data__uid=event.data.get("uid")
        ).exclude(pk=event.pk)
        sent = Q(pk__in=[])
        for pk in earlier.values_list("pk", flat=True):
            sent |= Q(key__startswith=f"event:{pk}:user:")
        seen = {user.pk for user in users}
        for claim in (
            Notification.objects.filter(sent, kind=Notification.Kind.EVENT, sent_at__isnull=False, user__isnull=False)
            .select_related("user")
            .order_by("pk")
        ):
            user = claim.user
            if user.pk not in seen and user.is_active and user.email:
                seen.add(user.pk)
                users.append(user)
    return users


def meetings_url(review: CountryReview) -> str:
    """The review's meetings page, in the active language."""
    return _page_url("reviews:meetings", review)


def _notify_meeting(event: ReviewEvent) -> int:
    """Each person gets the meeting as it was at ``event`` (its ``data``, not the meeting as it
    is now: a mail the sweeper sends late never carries a later change under an earlier
    sequence, and a cancellation still has its meeting), in their language, with the
    iCalendar message for their calendar."""
    from ..selectors.dialogue import meeting_of_event
    from .meeting_calendar import CANCEL, REQUEST, calendar_part, meeting_message, meeting_summary

    review = event.review
    recipients = _meeting_recipients(event)
    if not recipients:
        return 0
    keys = {user.pk: f"event:{event.pk}:user:{user.pk}" for user in recipients}
    taken = _taken(keys.values())
    recipients = [user for user in recipients if keys[user.pk] not in taken]
    if not recipients:
        return 0
    cancelled = event.kind == ReviewEvent.Kind.MEETING_CANCELLED
    method = CANCEL if cancelled else REQUEST
    filename = f"meeting-{review.state.code}-{event.data['starts_on']}.ics"
    sent = 0
    with get_connection() as connection:
        for user in recipients:
            with translation.override(_language(user)):
                meeting = meeting_of_event(event, review)
                first, last = (date_format(day, "DATE_FORMAT") for day in (meeting.starts_on, meeting.ends_on))
                context = {
                    "user": user,
                    "event": event,
                    "review": review,
                    "meeting": meeting,
                    "summary": meeting_summary(meeting),
                    "dates": first if meeting.ends_on == meeting.starts_on else f"{first} – {last}",
                    "url": meetings_url(review),
                }
                subject, body = _render("meeting", context)
                ics = meeting_message(meeting, user=user, cancelled=cancelled, last_modified=event.at)
            sent += _send_once(
                key=keys[user.pk],
                kind=Notification.Kind.EVENT,
                subject=subject,
                body=body,
                user=user,
                review=review,
                connection=connection,
                attachments=[calendar_part(ics, method=method, filename=filename)],
            )
    return sent


def notifications_backlog() -> dict[str, int]:
    """How many events still owe their e-mails, and how many gave up on them."""
    from django.db.models import Count

    # Only the events the two partial indexes hold: readiness asks often, the history only grows.
    return ReviewEvent.objects.filter(MAILS_OWED | MAILS_GIVEN_UP).aggregate(
        owed=Count("pk", filter=MAILS_OWED), given_up=Count("pk", filter=MAILS_GIVEN_UP)
    )


def notifications_sweep(now=None) -> dict[str, int]:
    """Celery beat, every minute: the events still owing their e-mails some minutes after they
    happened (the broker was down, or the mail server kept refusing) are sent to the workers
    again, at most ``NOTIFICATION_MAX_RESENDS`` times; the claims keep anyone from getting a
    mail twice. After the last resend the event stops owing them, and the log says so."""
    from ..tasks import notify_review_event

    now = now or timezone.now()
    counts = {"resent": 0, "given_up": 0}
    late = ReviewEvent.objects.filter(
        notification_due=True, notified_at__isnull=True, at__lt=now - settings.NOTIFICATION_RESEND_AFTER
    ).only("pk", "at", "notification_resends")
    for event in late:
        # Each resend waits as long again as the one before it.
        if event.at + settings.NOTIFICATION_RESEND_AFTER * (event.notification_resends + 1) > now:
            continue
        owed = ReviewEvent.objects.filter(pk=event.pk, notification_due=True)
        if event.notification_resends >= settings.NOTIFICATION_MAX_RESENDS:
            counts["given_up"] += owed.update(notification_due=False)
            logger.error(
                "The e-mails of review event %s were not sent after %s resends", event.pk, event.notification_resends
            )
            continue
        if owed.update(notification_resends=F("notification_resends") + 1):
            counts["resent"] += 1
            nudge_after_commit(notify_review_event, event.pk)
    return counts


# --- The daily job ---------------------------------------------------------------------------


def send_deadline_reminders(*, today: datetime.date | None = None) -> dict:
    """Reminders before the indicative dates and the secretariat's overdue digest, each sent
    once. Returns how many reminders and digests were mailed and how many overdue steps were
    newly reported."""
    today = today or timezone.localdate()
    days = settings.REVIEW_REMINDER_DAYS
    reminders = _send_reminders(today=today, days=days)
    overdue, digests = _send_overdue_digest(today=today)
    return {"reminders": reminders, "overdue": overdue, "digests": digests}


def _send_reminders(*, today: datetime.date, days: int) -> int:
    reminded = Participant.objects.filter(active=True, role__in=REMINDED_ROLES).select_related("user").order_by("pk")
    reviews = list(
        CountryReview.objects.filter(
            status=CountryReview.Status.ACTIVE,
            current_step__isnull=False,
            current_due__gte=today,
            current_due__lte=today + datetime.timedelta(days=days),
        )
        .select_related("state", "instrument", "cycle", "current_step")
        .prefetch_related(Prefetch("participants", queryset=reminded, to_attr="reminded"))
        .order_by("current_due", "pk")
    )
    planned = []
    for review in reviews:
        for user in _recipients(review.reminded):
            key = f"reminder:{review.pk}:{review.current_step_id}:{review.current_due.isoformat()}:{user.pk}"
            planned.append((key, review, user))
    taken = _taken(key for key, _review, _user in planned)
    sent = 0
    with get_connection() as connection:
        for key, review, user in planned:
            if key in taken:
                continue
            with translation.override(_language(user)):
                context = {
                    "user": user,
                    "review": review,
                    "step": review.current_step,
                    "due": review.current_due,
                    "days_left": (review.current_due - today).days,
                    "url": review_url(review),
                }
                subject, body = _render("reminder", context)
            sent += _send_once(
                key=key,
                kind=Notification.Kind.REMINDER,
                subject=subject,
                body=body,
                user=user,
                review=review,
                connection=connection,
            )
    return sent


def _secretariat_recipients() -> list:
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(role=Role.SECRETARIAT) | Q(is_superuser=True))
        .exclude(email="")
        .order_by("pk")
    )


def _send_overdue_digest(*, today: datetime.date) -> tuple[int, int]:
    """Report each overdue (review, step, indicative date) once. Returns the number of steps
    newly reported and of digests mailed."""
    overdue = list(
        CountryReview.objects.overdue(today)
        .filter(current_step__isnull=False)
        .select_related("state", "instrument", "cycle", "current_step")
    )
    keyed = [(f"overdue:{r.pk}:{r.current_step_id}:{r.current_due.isoformat()}", r) for r in overdue]
    taken = _taken(key for key, _review in keyed)
    fresh = [(key, review) for key, review in keyed if key not in taken]
    if not fresh:
        return 0, 0
    recipients = _secretariat_recipients()
    if not recipients:
        # Nobody to tell: leave the steps unreported, so that the first digest after someone
        # joins the secretariat includes them.
        logger.warning("Overdue reviews found but no secretariat member has an e-mail address.")
        return 0, 0
    # Claim the steps first: what this run claims is what this run reports, so two runs at
    # once never report the same step.
    claims, reported = [], []
    with translation.override(settings.LANGUAGE_CODE):
        for key, review in fresh:
            label = f"{review.state.name} — {review.instrument}: {review.current_step.name} ({review.current_due})"
            claim = _claim(key=key, kind=Notification.Kind.OVERDUE_DIGEST, subject=label, review=review)
            if claim is not None:
                claims.append(claim)
                reported.append(review)
    if not reported:
        return 0, 0
    sent, failures = 0, []
    with get_connection() as connection:
        for user in recipients:
            with translation.override(_language(user)):
                items = sorted(
                    (
                        {
                            "review": review,
                            "state": review.state.name,
                            "instrument": str(review.instrument),
                            "step": review.current_step.name,
                            "due": review.current_due,
                            "days_overdue": (today - review.current_due).days,
                            "url": review_url(review),
                        }
                        for review in reported
                    ),
                    # Alphabetical by State in the reader's language; never by delay.
                    key=lambda item: (alphabetical(item["state"]), item["review"].pk),
                )
                subject, body = _render("overdue", {"user": user, "items": items, "today": today})
            try:
                _message(subject=subject, body=body, user=user, connection=connection).send()
            except Exception as error:
                logger.exception("Could not send the overdue digest to user %s.", user.pk)
                failures.append(error)
                continue
            sent += 1
    if sent == 0 and failures:
        # Nobody got it: release the steps so that the next run (or a retry) reports them.
        _release(claims)
        raise failures[0]
    _mark_sent(claims)
    return len(reported), sent


def notification_resend(*, event: ReviewEvent, actor) -> None:
    """The secretariat sends an event's e-mails again (after they were given up): only those
    not yet sent go out (the claims)."""
    from django.core.exceptions import PermissionDenied

    from reviewmech.roles import is_secretariat

    from ..tasks import notify_review_event

    if not is_secretariat(actor):
        raise PermissionDenied
    ReviewEvent.objects.filter(pk=event.pk).update(notification_due=True, notified_at=None, notification_resends=0)
    nudge_after_commit(notify_review_event, event.pk)


#: Events still owing their e-mails, and those whose e-mails were given up (each with its
#: partial index, ``ReviewEvent.Meta.indexes``).
MAILS_OWED = Q(notification_due=True)
MAILS_GIVEN_UP = Q(notification_due=False, notified_at__isnull=True, notification_resends__gt=0)


def _needing_attention():
    """Events whose e-mails are late (still owed after the first resend delay) or were given
    up. Each half has a partial index (``ReviewEvent.Meta.indexes``): the history grows, these
    stay few."""
    late = MAILS_OWED & Q(at__lt=timezone.now() - settings.NOTIFICATION_RESEND_AFTER)
    return ReviewEvent.objects.filter(late | MAILS_GIVEN_UP)


def events_needing_attention(limit: int = 200):
    """The events the operations page lists (``_needing_attention``), oldest first."""
    return list(
        _needing_attention()
        .select_related("review__state", "review__cycle__mechanism", "step")
        .order_by("at", "pk")[:limit]
    )


def events_needing_attention_count() -> int:
    """How many, for the dashboard."""
    return _needing_attention().count()
