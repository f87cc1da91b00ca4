"""Writes of the civil-society app: organizations and their accounts, briefings and registration
for them, and civil-society input to a country review. Every refusal is a translated message
(on the field concerned where there is one), and nothing already saved is lost."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import activation_send, user_create
from accounts.tasks import send_account_mail
from documents.files import check_upload
from documents.services.renditions import request_renditions
from reviewmech.i18n import texts_by_language
from reviewmech.roles import Role, is_secretariat
from reviews.access import can_edit_checklist
from reviews.models import CountryReview, DialogueMeeting
from reviews.services.attachments import max_bytes  # the same limit as every attachment

from .models import (
    Briefing,
    CivilSocietyInput,
    InputAttachment,
    Member,
    Organization,
    Presentation,
    QuestionRaised,
    Registration,
)

#: The activation mail of an organization's account (templates/ngo_briefings/mail/).
ACTIVATION_MAIL = "ngo_briefings/mail/activation"
#: At most this many files with one input.
MAX_INPUT_FILES = 10


def _require_staff(actor):
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat does this."))


def _send_mail(user: User, template: str, context: dict) -> None:
    """A mail in the person's language, sent by a worker once the transaction commits."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {"user": user, "site_url": settings.SITE_URL.rstrip("/"), **context}
        subject = " ".join(render_to_string(f"ngo_briefings/mail/{template}_subject.txt", context).split())
        body = render_to_string(f"ngo_briefings/mail/{template}.txt", context)
    recipient = user.email
    transaction.on_commit(lambda: send_account_mail.delay(subject, body, recipient))


def member_of(user) -> Member | None:
    """The organization membership of an NGO account, if it is one."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.role != Role.NGO:
        return None
    return Member.objects.select_related("organization").filter(user=user).first()


# --- Organizations and their accounts --------------------------------------------------------


def _organization_fields(name, kind, country, website, area_of_work, ecosoc_status) -> dict:
    errors = {}
    fields = {}
    try:
        fields.update(texts_by_language("name", name, limit=300))
        fields.update(texts_by_language("area_of_work", area_of_work, limit=2000))
    except ValidationError as exc:
        errors.update({key: messages[0] for key, messages in exc.message_dict.items()})
    if not errors and not any(fields.get(f"name_{code.replace('-', '_')}") for code, _n in settings.LANGUAGES):
        errors["name"] = _("Give the organization's name.")
    if kind not in Organization.Kind.values:
        errors["kind"] = _("Choose the kind of organization.")
    if ecosoc_status not in Organization.Ecosoc.values:
        errors["ecosoc_status"] = _("Choose a consultative status, or none.")
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "country": country,
        "website": (website or "").strip(),
        "ecosoc_status": ecosoc_status,
        # Per language last: setting a translated field's plain name would write the active
        # language's column.
        **fields,
    }


@transaction.atomic
def organization_save(
    *,
    actor,
    name: dict | str,
    kind: str = Organization.Kind.NGO,
    country=None,
    website: str = "",
    area_of_work: dict | str | None = None,
    ecosoc_status: str = "",
    organization: Organization | None = None,
) -> Organization:
    """The secretariat records an organization (approved), or corrects one."""
    _require_staff(actor)
    fields = _organization_fields(name, kind, country, website, area_of_work, ecosoc_status)
    organization = organization or Organization(status=Organization.Status.APPROVED)
    for key, value in fields.items():
        setattr(organization, key, value)
    organization.full_clean(exclude=["country", "name", "area_of_work"])
    organization.save()
    return organization


def _new_account(*, email, first_name, last_name, preferred_language, organization) -> User:
    email = (email or "").strip()
    if not email:
        raise ValidationError({"email": _("Give an e-mail address.")})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    if preferred_language not in dict(settings.LANGUAGES):
        preferred_language = settings.LANGUAGE_CODE
    base = email.split("@", 1)[0][:120] or "ngo"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    user = user_create(
        username=username,
        email=email,
        password=None,
        role=Role.NGO,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        preferred_language=preferred_language,
        organization=organization.name[:200],
    )
    user.is_active = False  # until the person chooses a password from the activation link
    user.save(update_fields=["is_active"])
    Member.objects.create(user=user, organization=organization)
    return user


@transaction.atomic
def member_create(
    *, actor, organization: Organization, email: str, first_name="", last_name="", preferred_language="en"
) -> User:
    """The secretariat gives a person of an approved organization an NGO account, inactive
    until they follow the activation link sent to them."""
    _require_staff(actor)
    if organization.status != Organization.Status.APPROVED:
        raise ValidationError(_("Approve the organization first."))
    user = _new_account(
        email=email,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
        organization=organization,
    )
    activation_send(user=user, actor=actor, mail=ACTIVATION_MAIL)
    return user


@transaction.atomic
def self_register(
    *,
    organization_name: dict | str,
    kind: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "en",
    country=None,
    website: str = "",
    area_of_work: dict | str | None = None,
    ecosoc_status: str = "",
) -> Member:
    """A person asks for an account for their organization. Both wait for the secretariat's
    approval; the account is inactive, and the activation link is sent on approval."""
    fields = _organization_fields(organization_name, kind, country, website, area_of_work, ecosoc_status)
    organization = Organization(status=Organization.Status.PENDING)
    for key, value in fields.items():
        setattr(organization, key, value)
    organization.full_clean(exclude=["country", "name", "area_of_work"])
    organization.save()
    user = _new_account(
        email=email,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
        organization=organization,
    )
    return user.ngo_membership


@transaction.atomic
def organization_approve(*, actor, organization: Organization) -> Organization:
    """Approve a self-registered organization: each of its people gets an activation link."""
    _require_staff(actor)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.status == Organization.Status.APPROVED:
        raise ValidationError(_("This organization is already approved."))
    organization.status = Organization.Status.APPROVED
    organization.save(update_fields=["status"])
    for member in organization.members.select_related("user").filter(user__is_active=False):
        activation_send(user=member.user, actor=actor, mail=ACTIVATION_MAIL)
    return organization


@transaction.atomic
def organization_decline(*, actor, organization: Organization) -> Organization:
    """Decline a self-registration: the organization and its accounts stay inactive."""
    _require_staff(actor)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.status != Organization.Status.PENDING:
        raise ValidationError(_("Only a registration awaiting approval can be declined."))
    organization.status = Organization.Status.DECLINED
    organization.save(update_fields=["status"])
    return organization


# --- Briefings ---------------------------------------------------------------------------------


@transaction.atomic
def briefing_save(
    *,
    actor,
    number: int,
    session,
    held_on: datetime.date,
    capacity: int,
    starts_at: datetime.time | None = None,
    room: dict | str | None = None,
    chair_name: str = "",
    chair_state=None,
    chair_role: dict | str | None = None,
    programme=None,
    registration_closes_on: datetime.date | None = None,
    briefing: Briefing | None = None,
) -> Briefing:
    """A briefing under resolution 4/6 on the margins of ``session`` (held during it)."""
    _require_staff(actor)
    errors = {}
    if not number or number < 1:
        errors["number"] = _("Briefings are numbered from 1.")
    elif Briefing.objects.filter(number=number).exclude(pk=getattr(briefing, "pk", None)).exists():
        errors["number"] = _("Briefing %(number)s is already recorded.") % {"number": number}
    if not (session.starts_on <= held_on <= session.ends_on):
        errors["held_on"] = _("A briefing is held on the margins of the session: between its first and last day.")
    if capacity is None or capacity < 1:
        errors["capacity"] = _("Give the number of places.")
    if registration_closes_on and registration_closes_on > held_on:
        errors["registration_closes_on"] = _("Registration closes on the day of the briefing at the latest.")
    if programme is not None and programme.kind != "CRP":
        errors["programme"] = _("The programme is a conference room paper (…/CRP.N).")
    texts = {}
    try:
        texts.update(texts_by_language("room", room, limit=200))
        texts.update(texts_by_language("chair_role", chair_role, limit=300))
    except ValidationError as exc:
        errors.update({key: messages[0] for key, messages in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    briefing = briefing or Briefing()
    briefing.number = number
    briefing.session = session
    briefing.held_on = held_on
    briefing.starts_at = starts_at
    briefing.capacity = capacity
    briefing.chair_name = (chair_name or "").strip()
    briefing.chair_state = chair_state
    briefing.programme = programme
    briefing.registration_closes_on = registration_closes_on
    for key, value in texts.items():  # per language only: the plain name writes the active language's
        setattr(briefing, key, value)
    try:
        with transaction.atomic():
            briefing.save()
    except IntegrityError as exc:
        raise ValidationError({"number": _("Briefing %(number)s is already recorded.") % {"number": number}}) from exc
    return briefing


def _set_texts(obj, texts: dict) -> None:
    """Per language only: setting a translated field by its plain name would write the active
    language's column (modeltranslation)."""
    for key, value in texts.items():
        setattr(obj, key, value)


def _given(texts: dict, field: str) -> bool:
    return any(value for key, value in texts.items() if key.startswith(f"{field}_"))


@transaction.atomic
def presentation_add(
    *, actor, briefing: Briefing, speaker: dict | str, topic: dict | str, documents=()
) -> Presentation:
    """A presentation at the briefing, in the languages given (one at least)."""
    _require_staff(actor)
    errors = {}
    try:
        texts = {**texts_by_language("speaker", speaker, limit=300), **texts_by_language("topic", topic, limit=500)}
    except ValidationError as exc:
        raise ValidationError({key: messages[0] for key, messages in exc.message_dict.items()}) from exc
    if not _given(texts, "speaker"):
        errors["speaker"] = _("Give the speaker.")
    if not _given(texts, "topic"):
        errors["topic"] = _("Give the topic.")
    if errors:
        raise ValidationError(errors)
    presentation = Presentation(briefing=briefing, order=briefing.presentations.count() + 1)
    _set_texts(presentation, texts)
    presentation.save()
    presentation.documents.set(documents)
    return presentation


@transaction.atomic
def question_add(
    *, actor, briefing: Briefing, topic: dict | str, text: dict | str, response: dict | str | None = None
) -> QuestionRaised:
    """A question or proposal raised at the briefing, under its topic, in the languages given."""
    _require_staff(actor)
    try:
        texts = {
            **texts_by_language("topic", topic, limit=200),
            **texts_by_language("text", text, limit=10000),
            **texts_by_language("response", response, limit=10000),
        }
    except ValidationError as exc:
        raise ValidationError({key: messages[0] for key, messages in exc.message_dict.items()}) from exc
    errors = {}
    if not _given(texts, "topic"):
        errors["topic"] = _("Give the topic.")
    if not _given(texts, "text"):
        errors["text"] = _("Write the question or proposal.")
    if errors:
        raise ValidationError(errors)
    question = QuestionRaised(briefing=briefing, order=briefing.questions.count() + 1)
    _set_texts(question, texts)
    question.save()
    return question


@transaction.atomic
def summary_save(*, actor, briefing: Briefing, summary: dict | str, issued_on: datetime.date | None = None) -> Briefing:
    """The summary of the briefing, per language (paragraphs separated by a blank line). Once
    published, a corrected summary is rendered again."""
    _require_staff(actor)
    texts = texts_by_language("summary", summary, limit=100000)
    if not any(texts.values()):
        raise ValidationError({"summary": _("Write the summary in one language at least.")})
    if issued_on and issued_on > timezone.localdate():
        raise ValidationError({"summary_issued_on": _("The date of the summary cannot be in the future.")})
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    for key, value in texts.items():
        setattr(briefing, key, value)
    if issued_on:
        briefing.summary_issued_on = issued_on
    briefing.save()
    if briefing.summary_published:
        request_renditions(briefing)
    return briefing


@transaction.atomic
def summary_publish(*, actor, briefing: Briefing, on: datetime.date | None = None) -> Briefing:
    """Publish the summary: its PDF is made by the workers in the languages it exists in."""
    _require_staff(actor)
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if not briefing.summary_languages:
        raise ValidationError(_("Write the summary before publishing it."))
    if briefing.summary_published:
        raise ValidationError(_("The summary is already published."))
    briefing.summary_published = True
    briefing.summary_issued_on = briefing.summary_issued_on or on or timezone.localdate()
    briefing.save(update_fields=["summary_published", "summary_issued_on"])
    request_renditions(briefing)
    return briefing


# --- Registration for a briefing ----------------------------------------------------------------


@transaction.atomic
def registration_create(*, actor, briefing: Briefing, listed: bool = False) -> Registration:
    """Register the person of an NGO account for a briefing: a place while there is one, the
    waiting list after. The briefing's row is locked while places are counted, so two people
    taking the last place at once never both get it. A confirmation leaves by mail in the
    person's language."""
    member = member_of(actor)
    if member is None:
        raise PermissionDenied(_("Sign in with your organization's account to register."))
    if member.organization.status != Organization.Status.APPROVED:
        raise ValidationError(_("Your organization's registration is awaiting the secretariat's approval."))
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if not briefing.registration_open():
        raise ValidationError(_("Registration for this briefing is closed."))
    active = Registration.objects.filter(briefing=briefing, person=actor).exclude(status=Registration.Status.CANCELLED)
    if active.exists():
        raise ValidationError(_("You are already registered for this briefing."))
    confirmed = Registration.objects.filter(briefing=briefing, status=Registration.Status.CONFIRMED).count()
    status = Registration.Status.CONFIRMED if confirmed < briefing.capacity else Registration.Status.WAITING
    registration = Registration(
        briefing=briefing, organization=member.organization, person=actor, status=status, listed=listed
    )
    registration._history_user = actor
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # the same person, a moment ago, from another tab
        raise ValidationError(_("You are already registered for this briefing.")) from exc
    _send_mail(actor, "registration", {"registration": registration, "briefing": briefing})
    return registration


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration:
    """The person (or the secretariat) cancels. A place freed goes to the first on the waiting
    list, who is told by mail."""
    registration = Registration.objects.select_related("briefing").get(pk=registration.pk)
    if registration.person_id != actor.pk and not is_secretariat(actor):
        raise PermissionDenied(_("You may cancel only your own registration."))
    briefing = Briefing.objects.select_for_update().get(pk=registration.briefing_id)
    registration.refresh_from_db()
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."))
    if briefing.held_on < timezone.localdate():
        raise ValidationError(_("The briefing has taken place: its registrations stay as they were."))
    freed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration._history_user = actor
    registration.save(update_fields=["status", "cancelled_at"])
    if freed:
        waiting = (
            Registration.objects.filter(briefing=briefing, status=Registration.Status.WAITING)
            .select_related("person")
            .order_by("created_at", "pk")
            .first()
        )
        if waiting is not None:
            waiting.status = Registration.Status.CONFIRMED
            waiting._history_user = actor
            waiting.save(update_fields=["status"])
            _send_mail(waiting.person, "registration", {"registration": waiting, "briefing": briefing})
    return registration


# --- Civil-society input to a country review -------------------------------------------------------


def input_accepted(review: CountryReview) -> bool:
    """Whether the review takes input now: in progress, at a step that takes it."""
    step = review.current_step
    return review.status == CountryReview.Status.ACTIVE and step is not None and step.takes_civil_society_input


def stakeholder_meeting_agreed(review: CountryReview, today=None) -> bool:
    """Whether the State under review agreed to meet civil society in a meeting of the dialogue
    still to come."""
    today = today or timezone.localdate()
    return DialogueMeeting.objects.filter(review=review, stakeholders_agreed=True, ends_on__gte=today).exists()


def _checked_files(uploads) -> list:
    uploads = list(uploads or [])
    if len(uploads) > MAX_INPUT_FILES:
        raise ValidationError(
            {"files": _("At most %(count)s files may be sent with one input.") % {"count": MAX_INPUT_FILES}}
        )
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, check_upload(upload, max_bytes=max_bytes())))
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from exc
    return checked


def _input_texts(title, text, language) -> dict:
    errors = {}
    title = (title or "").strip()
    text = (text or "").strip()
    if not title:
        errors["title"] = _("Give the input a subject.")
    elif len(title) > 300:
        errors["title"] = _("The subject is at most 300 characters long.")
    if not text:
        errors["text"] = _("Write the input.")
    elif len(text) > 50000:
        errors["text"] = _("The input is at most 50,000 characters long; send a longer text as an attached file.")
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose the language of the input.")
    if errors:
        raise ValidationError(errors)
    return {"title": title, "text": text, "language": language}


def _save_input(item: CivilSocietyInput, checked: list, actor) -> CivilSocietyInput:
    item._history_user = actor
    item.save()
    stored = []
    try:
        for upload, facts in checked:
            attachment = InputAttachment(
                input=item, filename=facts.filename, kind=facts.kind, size=facts.size, sha256=facts.sha256
            )
            attachment.file.save(f"upload.{facts.kind}", upload, save=False)
            stored.append(attachment.file)
            attachment.save()
    except Exception:
        for file in stored:
            file.storage.delete(file.name)
        raise
    return item


@transaction.atomic
def input_submit(
    *,
    actor,
    review: CountryReview,
    title: str,
    text: str,
    language: str = "en",
    asks_to_meet: bool = False,
    uploads=(),
) -> CivilSocietyInput:
    """An organization sends written input on a review, with files (PDF, DOCX, ODT), while the
    review takes it. Asking to meet the review team is possible only where the State under
    review agreed to meet civil society in the dialogue."""
    member = member_of(actor)
    if member is None:
        raise PermissionDenied(_("Sign in with your organization's account to send input."))
    if member.organization.status != Organization.Status.APPROVED:
        raise ValidationError(_("Your organization's registration is awaiting the secretariat's approval."))
    review = CountryReview.objects.select_related("current_step").get(pk=review.pk)
    if not input_accepted(review):
        raise ValidationError(_("This review does not take civil-society input at its current stage."))
    fields = _input_texts(title, text, language)
    if asks_to_meet and not stakeholder_meeting_agreed(review):
        raise ValidationError(
            {
                "asks_to_meet": _(
                    "The State under review has not agreed to meet civil society in the dialogue of this review; "
                    "your written input is welcome."
                )
            }
        )
    checked = _checked_files(uploads)
    item = CivilSocietyInput(
        review=review,
        organization=member.organization,
        channel=CivilSocietyInput.Channel.PLATFORM,
        asks_to_meet=asks_to_meet,
        submitted_by=actor,
        received_on=timezone.localdate(),
        **fields,
    )
    return _save_input(item, checked, actor)


@transaction.atomic
def input_record(
    *,
    actor,
    review: CountryReview,
    title: str,
    text: str,
    channel: str,
    received_on: datetime.date,
    language: str = "en",
    organization: Organization | None = None,
    sender: str = "",
    uploads=(),
) -> CivilSocietyInput:
    """The secretariat records input received by another channel (e-mail, letter, a meeting),
    under the same rule: only while the review takes input."""
    _require_staff(actor)
    review = CountryReview.objects.select_related("current_step").get(pk=review.pk)
    if not input_accepted(review):
        raise ValidationError(_("This review does not take civil-society input at its current stage."))
    fields = _input_texts(title, text, language)
    errors = {}
    sender = (sender or "").strip()[:300]
    if organization is None and not sender:
        errors["sender"] = _("Say who sent it: an organization or a name.")
    if channel not in CivilSocietyInput.Channel.values or channel == CivilSocietyInput.Channel.PLATFORM:
        errors["channel"] = _("Choose how it was received.")
    if received_on > timezone.localdate():
        errors["received_on"] = _("The date received cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    checked = _checked_files(uploads)
    item = CivilSocietyInput(
        review=review,
        organization=organization,
        sender=sender,
        channel=channel,
        submitted_by=actor,
        received_on=received_on,
        **fields,
    )
    return _save_input(item, checked, actor)


@transaction.atomic
def input_share(*, actor, item: CivilSocietyInput) -> CivilSocietyInput:
    """The secretariat shares the input with the review team: the State under review and the
    experts assigned to the review read it from now on."""
    _require_staff(actor)
    item = CivilSocietyInput.objects.select_for_update().get(pk=item.pk)
    if item.status != CivilSocietyInput.Status.RECEIVED:
        raise ValidationError(_("This input is already shared with the review team."))
    item.status = CivilSocietyInput.Status.SHARED
    item.shared_at = timezone.now()
    item._history_user = actor
    item.save(update_fields=["status", "shared_at"])
    return item


@transaction.atomic
def input_reply(*, actor, item: CivilSocietyInput, reply: str) -> CivilSocietyInput:
    """The State under review replies (its focal point, or the secretariat recording a reply
    received); a reply may be corrected, the history keeps each version."""
    item = CivilSocietyInput.objects.select_for_update().select_related("review").get(pk=item.pk)
    if not can_edit_checklist(actor, item.review):
        raise PermissionDenied(_("Only the State under review replies to civil-society input."))
    if item.status == CivilSocietyInput.Status.RECEIVED:
        raise ValidationError(_("The secretariat has not shared this input with the review team yet."))
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": _("Write the reply.")})
    if len(reply) > 50000:
        raise ValidationError({"reply": _("The reply is at most 50,000 characters long.")})
    item.reply = reply
    item.replied_by = actor
    item.replied_at = timezone.now()
    item.status = CivilSocietyInput.Status.REPLIED
    item._history_user = actor
    item.save(update_fields=["reply", "replied_by", "replied_at", "status"])
    return item
