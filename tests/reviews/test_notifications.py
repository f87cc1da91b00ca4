"""E-mail notifications: a mail on each transition in each person's language, reminders before
indicative dates and the secretariat's overdue digest, each sent once."""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviewmech.celery import app as celery_app
from reviews.models import CountryReview, Notification, ReviewEvent, WorkflowStep
from reviews.services import notifications, workflow
from reviews.tasks import send_deadline_reminders as send_deadline_reminders_task
from tests.factories import CountryReviewFactory, ParticipantFactory, UserFactory, state

pytestmark = pytest.mark.usefixtures("reference_data")

FRENCH_STEP = "Notification à l'État examiné"
SPANISH_STEP = "Notificación al Estado examinado"
ENGLISH_STEP = "Notification of the State under review"


@pytest.fixture
def staff():
    return UserFactory(secretariat=True, username="staff")


@pytest.fixture
def review():
    return CountryReviewFactory()


@pytest.fixture
def people(review, staff):
    """A review with a French focal point, a Spanish expert, an English observer, the
    secretariat officer who acts, and two people who get no mail."""
    focal_point = UserFactory(focal_point=True, username="fp", preferred_language="fr")
    expert = UserFactory(expert=True, username="expert", preferred_language="es")
    observer = UserFactory(username="observer", preferred_language="en")
    no_email = UserFactory(expert=True, username="no-email", email="")
    former = UserFactory(expert=True, username="former")
    for user in (focal_point, expert, observer, no_email, staff):
        ParticipantFactory(review=review, user=user)
    ParticipantFactory(review=review, user=former, active=False)
    return {"focal_point": focal_point, "expert": expert, "observer": observer}


def _mail_to(address):
    found = [m for m in mail.outbox if m.to == [address]]
    assert len(found) == 1, f"{len(found)} mails to {address}"
    return found[0]


def _step(code, mechanism="irm"):
    return WorkflowStep.objects.get(mechanism__code=mechanism, code=code)


# --- A change in a review --------------------------------------------------------------------


def test_completing_a_step_mails_each_person_but_the_actor_in_their_language(
    review, people, staff, django_capture_on_commit_callbacks
):
    assert review.current_step.code == "notification"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.review_complete_step(review=review, actor=staff, comment="Note verbale sent.")

    assert sorted(m.to[0] for m in mail.outbox) == ["expert@example.org", "fp@example.org", "observer@example.org"]
    french = _mail_to(people["focal_point"].email)
    assert FRENCH_STEP in french.subject and FRENCH_STEP in french.body
    assert "Désignation du point de contact" in french.body  # the next step, in French
    assert f"http://127.0.0.1:8000/fr/reviews/{review.pk}/" in french.body
    assert "Note verbale sent." in french.body
    assert "Kenya" in french.body

    spanish = _mail_to(people["expert"].email)
    assert SPANISH_STEP in spanish.body and FRENCH_STEP not in spanish.body
    assert "Designación del coordinador" in spanish.body
    assert f"/es/reviews/{review.pk}/" in spanish.body

    english = _mail_to(people["observer"].email)  # observers are told too
    assert ENGLISH_STEP in english.body and "Focal point named" in english.body
    assert "UNCAC" in english.body or str(review.instrument) in english.body
    due = CountryReview.objects.get(pk=review.pk).current_due
    assert due == timezone.localdate() + datetime.timedelta(days=21)
    assert all(m.from_email == "reviewmech <no-reply@reviewmech.localhost>" for m in mail.outbox)
    assert "&#x27;" not in french.body  # plain text: nothing HTML-escaped

    event = ReviewEvent.objects.get(review=review, kind=ReviewEvent.Kind.STEP_COMPLETED)
    assert set(Notification.objects.filter(kind="event").values_list("key", flat=True)) == {
        f"event:{event.pk}:user:{user.pk}" for user in people.values()
    }
    assert not Notification.objects.filter(sent_at__isnull=True).exists()

    # A re-run (a retried task, a duplicate message) sends nothing more.
    assert notifications.notify_event(event_id=event.pk) == 0
    assert len(mail.outbox) == 3


def test_the_site_url_setting_prefixes_the_link(review, people, staff, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://reviews.example.org/"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.review_complete_step(review=review, actor=staff)
    assert f"https://reviews.example.org/en/reviews/{review.pk}/" in _mail_to(people["observer"].email).body


def test_pause_and_resume_are_notified(review, people, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.review_complete_step(review=review, actor=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.review_pause(review=review, actor=staff, reason="Elections in the State under review.")
    assert len(mail.outbox) == 3
    body = _mail_to(people["observer"].email).body
    assert "Paused" in body and "Elections in the State under review." in body
    assert "Focal point named" in body  # the step the review is paused at

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.review_resume(review=review, actor=staff)
    assert len(mail.outbox) == 3
    assert "Resumed" in _mail_to(people["observer"].email).body


def test_a_step_recorded_by_an_expert_goes_to_the_secretariat_participant(review, staff):
    """The actor is left out, whoever it is; the secretariat officer on the review is told."""
    expert = UserFactory(expert=True, username="actor")
    ParticipantFactory(review=review, user=expert)
    ParticipantFactory(review=review, user=staff)
    event = ReviewEvent.objects.create(review=review, kind=ReviewEvent.Kind.STEP_COMPLETED, step=review.current_step)
    event.actor = expert
    event.save(update_fields=["actor"])
    assert notifications.notify_event(event_id=event.pk) == 1
    assert mail.outbox[0].to == [staff.email]


def test_a_person_on_a_review_in_two_roles_gets_one_mail(review, staff):
    """A superuser may take part both as secretariat and as observer: one mail."""
    user = UserFactory(username="two-hats", is_superuser=True)
    ParticipantFactory(review=review, user=user, role="observer")
    ParticipantFactory(review=review, user=user, role="secretariat")
    event = ReviewEvent.objects.create(review=review, kind=ReviewEvent.Kind.PAUSED, step=review.current_step)
    assert notifications.notify_event(event_id=event.pk) == 1


def test_a_deleted_event_sends_nothing_quietly(review, people):
    event = ReviewEvent.objects.create(review=review, kind=ReviewEvent.Kind.PAUSED, step=review.current_step)
    event_id = event.pk
    event.delete()
    assert notifications.notify_event(event_id=event_id) == 0
    assert mail.outbox == []


def test_a_failed_mail_is_sent_by_the_retry_and_the_others_are_not_repeated(review, people, staff):
    event = ReviewEvent.objects.create(
        review=review, kind=ReviewEvent.Kind.PAUSED, step=review.current_step, actor=staff
    )
    real_send = notifications.EmailMessage.send
    calls = []

    def flaky(message, *args, **kwargs):
        calls.append(message.to[0])
        if len(calls) == 2:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(notifications.EmailMessage, "send", flaky), pytest.raises(smtplib.SMTPException):
        notifications.notify_event(event_id=event.pk)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(kind="event").count() == 1  # the failed claim was released

    assert notifications.notify_event(event_id=event.pk) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["expert@example.org", "fp@example.org", "observer@example.org"]
    assert notifications.notify_event(event_id=event.pk) == 0


def test_notify_without_on_commit_is_not_sent(review, people, staff, django_capture_on_commit_callbacks):
    """``notify=False`` (history recorded in bulk) e-mails nobody."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.review_complete_step(review=review, actor=staff, notify=False)
    assert callbacks == []
    assert mail.outbox == []


# --- Reminders before an indicative date -----------------------------------------------------


def _active(state_code="KEN", *, due, step="focal_point_named", **kwargs):
    return CountryReviewFactory(
        state=state(state_code), status=CountryReview.Status.ACTIVE, current_step=_step(step), current_due=due, **kwargs
    )


def test_reminders_before_the_indicative_date_are_sent_once(staff):
    today = datetime.date(2025, 3, 10)
    review = _active(due=today + datetime.timedelta(days=10))
    focal_point = UserFactory(focal_point=True, username="fp", preferred_language="fr")
    expert = UserFactory(expert=True, username="expert")
    observer = UserFactory(username="observer")
    for user in (focal_point, expert, observer, staff):
        ParticipantFactory(review=review, user=user)
    later = _active("UGA", due=today + datetime.timedelta(days=15))  # outside the 14 days
    ParticipantFactory(review=later, user=UserFactory(focal_point=True, username="later", state=state("UGA")))
    paused = _active("AUT", due=today + datetime.timedelta(days=3))
    paused.status = CountryReview.Status.PAUSED
    paused.save(update_fields=["status"])
    ParticipantFactory(review=paused, user=UserFactory(username="paused"))

    result = notifications.send_deadline_reminders(today=today)

    assert result["reminders"] == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["expert@example.org", "fp@example.org", "staff@example.org"]
    french = _mail_to(focal_point.email)
    assert "Désignation du point de contact" in french.subject and "Désignation du point de contact" in french.body
    assert f"/fr/reviews/{review.pk}/" in french.body
    english = _mail_to(expert.email)
    assert "Focal point named" in english.body and "in 10 days" in english.body
    assert set(Notification.objects.filter(kind="reminder").values_list("key", flat=True)) == {
        f"reminder:{review.pk}:{review.current_step_id}:2025-03-20:{u.pk}" for u in (focal_point, expert, staff)
    }

    # The same day, or the next: nothing more for that date.
    assert notifications.send_deadline_reminders(today=today)["reminders"] == 0
    assert notifications.send_deadline_reminders(today=today + datetime.timedelta(days=1))["reminders"] == 1
    assert mail.outbox[-1].to == ["later@example.org"]  # the other review entered the window
    assert len(mail.outbox) == 4

    # The date moves (a pause, a new duration): a reminder for the new date.
    review.current_due = today + datetime.timedelta(days=12)
    review.save(update_fields=["current_due"])
    assert notifications.send_deadline_reminders(today=today + datetime.timedelta(days=1))["reminders"] == 3


def test_reminder_window_follows_the_setting(settings, staff):
    settings.REVIEW_REMINDER_DAYS = 3
    today = datetime.date(2025, 3, 10)
    review = _active(due=today + datetime.timedelta(days=5))
    ParticipantFactory(review=review, user=staff)
    assert notifications.send_deadline_reminders(today=today)["reminders"] == 0
    assert notifications.send_deadline_reminders(today=today + datetime.timedelta(days=2))["reminders"] == 1


def test_reminders_read_in_a_fixed_number_of_queries(staff):
    today = datetime.date(2025, 3, 10)

    def add_review(code):
        review = _active(code, due=today + datetime.timedelta(days=7))
        ParticipantFactory(review=review, user=UserFactory(username=f"fp-{code}", focal_point=True, state=state(code)))
        ParticipantFactory(review=review, user=staff)

    def reads():
        with CaptureQueriesContext(connection) as queries:
            notifications.send_deadline_reminders(today=today)
        return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]

    add_review("KEN")
    one = reads()
    Notification.objects.all().delete()
    for code in ("UGA", "AUT", "EGY", "ALB"):
        add_review(code)
    five = reads()
    assert len(mail.outbox) == 2 + 10
    assert len(five) == len(one), five


# --- The secretariat's overdue digest --------------------------------------------------------


@pytest.fixture
def secretariat():
    return {
        "en": UserFactory(secretariat=True, username="officer"),
        "fr": UserFactory(secretariat=True, username="agent", preferred_language="fr"),
        "admin": UserFactory(username="admin", is_superuser=True, role="", state=None),
    }


def test_overdue_digest_once_per_step_alphabetical_to_the_secretariat_only(secretariat):
    today = datetime.date(2025, 6, 1)
    # Uganda is the most overdue, Austria the least: the digest must not follow the delay.
    uganda = _active("UGA", due=today - datetime.timedelta(days=40))
    kenya = _active("KEN", due=today - datetime.timedelta(days=20))
    egypt = _active("EGY", due=today - datetime.timedelta(days=10))
    austria = _active("AUT", due=today - datetime.timedelta(days=1))
    _active("ALB", due=today)  # due today: not overdue yet
    focal_point = UserFactory(focal_point=True, username="fp")
    ParticipantFactory(review=kenya, user=focal_point)
    UserFactory(secretariat=True, username="left", is_active=False)
    UserFactory(secretariat=True, username="no-address", email="")

    result = notifications.send_deadline_reminders(today=today)

    assert result["overdue"] == 4 and result["digests"] == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "admin@example.org",
        "agent@example.org",
        "officer@example.org",
    ]
    english = _mail_to("officer@example.org").body
    order = [english.index(name) for name in ("Austria", "Egypt", "Kenya", "Uganda")]
    assert order == sorted(order)
    assert "40 days overdue" in english and "1 day overdue" in english
    assert "Albania" not in english
    assert f"/en/reviews/{uganda.pk}/" in english
    assert "Focal point named" in english

    french = _mail_to("agent@example.org").body
    order = [french.index(name) for name in ("Autriche", "Égypte", "Kenya", "Ouganda")]
    assert order == sorted(order)  # accents ignored: Égypte between Autriche and Kenya
    assert "Désignation du point de contact" in french

    assert set(Notification.objects.filter(kind="overdue_digest").values_list("key", flat=True)) == {
        f"overdue:{r.pk}:{r.current_step_id}:{r.current_due.isoformat()}" for r in (uganda, kenya, egypt, austria)
    }

    # A re-run the same day sends nothing.
    assert notifications.send_deadline_reminders(today=today) == {"reminders": 0, "overdue": 0, "digests": 0}
    assert len(mail.outbox) == 3

    # The next day, the review due yesterday is overdue: a digest with only that one.
    mail.outbox.clear()
    tomorrow = today + datetime.timedelta(days=1)
    result = notifications.send_deadline_reminders(today=tomorrow)
    assert result == {"reminders": 0, "overdue": 1, "digests": 3}
    english = _mail_to("officer@example.org").body
    assert "Albania" in english
    assert not any(name in english for name in ("Austria", "Egypt", "Kenya", "Uganda"))


def test_no_digest_without_overdue_reviews(secretariat):
    today = datetime.date(2025, 6, 1)
    _active("KEN", due=today + datetime.timedelta(days=30))
    completed = _active("UGA", due=today - datetime.timedelta(days=30))
    completed.status = CountryReview.Status.COMPLETED
    completed.save(update_fields=["status"])
    assert notifications.send_deadline_reminders(today=today) == {"reminders": 0, "overdue": 0, "digests": 0}
    assert mail.outbox == []


def test_a_step_overdue_again_after_its_date_moved_is_reported_again(secretariat):
    today = datetime.date(2025, 6, 1)
    review = _active("KEN", due=today - datetime.timedelta(days=3))
    assert notifications.send_deadline_reminders(today=today)["overdue"] == 1
    review.current_due = today + datetime.timedelta(days=40)  # e.g. after a pause
    review.save(update_fields=["current_due"])
    assert notifications.send_deadline_reminders(today=today)["overdue"] == 0
    later = review.current_due + datetime.timedelta(days=1)
    assert notifications.send_deadline_reminders(today=later)["overdue"] == 1


def test_the_digest_is_kept_for_later_when_no_mail_could_be_sent(secretariat):
    today = datetime.date(2025, 6, 1)
    _active("KEN", due=today - datetime.timedelta(days=3))
    with (
        mock.patch.object(notifications.EmailMessage, "send", side_effect=smtplib.SMTPConnectError(421, "down")),
        pytest.raises(smtplib.SMTPException),
    ):
        notifications.send_deadline_reminders(today=today)
    assert not Notification.objects.filter(kind="overdue_digest").exists()
    assert notifications.send_deadline_reminders(today=today)["digests"] == 3


# --- Celery ----------------------------------------------------------------------------------


def test_the_daily_task_is_scheduled_and_runs(settings, secretariat):
    entry = settings.CELERY_BEAT_SCHEDULE["reviews-deadline-reminders"]
    assert entry["task"] == "reviews.send_deadline_reminders"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {0}
    assert "reviews.send_deadline_reminders" in celery_app.tasks

    _active("KEN", due=timezone.localdate() - datetime.timedelta(days=2))
    result = send_deadline_reminders_task.delay().get()
    assert result == {"reminders": 0, "overdue": 1, "digests": 3}
    assert send_deadline_reminders_task.delay().get() == {"reminders": 0, "overdue": 0, "digests": 0}


# --- Nothing lost (issue 17): the events are the outbox of their e-mails -----------------------


def test_with_the_broker_down_the_mails_are_owed_then_sent_exactly_once(
    review, people, staff, django_capture_on_commit_callbacks
):
    saved = {key: celery_app.conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager")}
    celery_app.conf.update(
        broker_url="redis://127.0.0.1:9/0",
        broker_transport_options={"max_retries": 1, "interval_start": 0},
        task_always_eager=False,
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            workflow.review_complete_step(review=review, actor=staff)  # the step is saved
    finally:
        celery_app.conf.update(saved)
    event = ReviewEvent.objects.get(review=review, kind=ReviewEvent.Kind.STEP_COMPLETED)
    assert event.notification_due and event.notified_at is None and mail.outbox == []
    # Not yet late: nothing is sent again.
    assert notifications.notifications_sweep() == {"resent": 0, "given_up": 0}
    later = timezone.now() + datetime.timedelta(minutes=4)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.notifications_sweep(now=later) == {"resent": 1, "given_up": 0}
    assert sorted(m.to[0] for m in mail.outbox) == ["expert@example.org", "fp@example.org", "observer@example.org"]
    event.refresh_from_db()
    assert not event.notification_due and event.notified_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notifications_sweep(now=later + datetime.timedelta(hours=1))
    assert len(mail.outbox) == 3  # exactly once


def test_an_event_whose_mails_keep_failing_is_given_up_after_the_last_resend(review, people, staff, settings):
    settings.NOTIFICATION_MAX_RESENDS = 2
    with mock.patch("reviews.tasks.notify_review_event.delay"):
        workflow.review_complete_step(review=review, actor=staff)
    event = ReviewEvent.objects.get(review=review, kind=ReviewEvent.Kind.STEP_COMPLETED)
    start = event.at
    sweeps = [
        notifications.notifications_sweep(now=start + datetime.timedelta(minutes=minutes)) for minutes in (4, 5, 7, 10)
    ]
    # Resent after 3 minutes, then after 6 (each waits as long again), then given up.
    assert sweeps == [
        {"resent": 1, "given_up": 0},
        {"resent": 0, "given_up": 0},
        {"resent": 1, "given_up": 0},
        {"resent": 0, "given_up": 1},
    ]
    event.refresh_from_db()
    assert not event.notification_due and event.notified_at is None and event.notification_resends == 2


def test_history_recorded_without_mails_owes_none(review, staff):
    workflow.review_complete_step(review=review, actor=staff, notify=False)
    assert not ReviewEvent.objects.get(review=review, kind=ReviewEvent.Kind.STEP_COMPLETED).notification_due
