"""Demonstration data of the civil-society app, built through its services as the secretariat
and an organization would enter them; called when the reviews demo is seeded.

- Seed 003: the ninth briefing for non-governmental organizations, 1 September 2020, on the
  margins of the first resumed eleventh session of the IRG, chaired by Germán Andrés Calderón
  Velásquez (Colombia), Rapporteur of the Conference at its eighth session; its programme
  CAC/COSP/IRG/2020/CRP.14; the three presentations by the secretariat (the thematic report
  CAC/COSP/IRG/2020/3/Rev.1 among them); the questions raised, by topic; and its summary of
  1 February 2022, English only, as issued (``demo_data/briefing_09_summary_en.txt``).
- An organization with an account (``ngo``), an upcoming briefing to register for, and one
  input on Kenya's review (at the desk review), shared with the review team.

Every value the seed does not give is marked ``# demo value``. Idempotent: rows are looked up
first and made only when missing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.utils import timezone

from accounts.models import User
from documents.models import Document
from documents.services.registry import document_issue, document_register
from reference.models import Body, State
from reviewmech.roles import Role
from reviews.models import CountryReview
from sessions.models import Session
from sessions.services import session_save

from . import services
from .models import Briefing, CivilSocietyInput, Member, Organization

SUMMARY_FILE = Path(__file__).resolve().parent / "demo_data" / "briefing_09_summary_en.txt"

CHAIR_ROLE = {
    "en": "Rapporteur of the Conference of the States Parties to the United Nations Convention against Corruption "
    "at its eighth session",
    "fr": "Rapporteur de la Conférence des États parties à la Convention des Nations Unies contre la corruption "
    "à sa huitième session",
    "es": "Relator de la Conferencia de los Estados Partes en la Convención de las Naciones Unidas contra la "
    "Corrupción en su octavo período de sesiones",
}

PRESENTATIONS = (
    (
        "The performance of the Mechanism for the Review of Implementation of the United Nations Convention against "
        "Corruption",
        (),
    ),
    (
        "The thematic report on the implementation of chapter II (Preventive measures) of the Convention",
        ("CAC/COSP/IRG/2020/3/Rev.1",),
    ),
    (
        "Technical assistance needs emerging from the country reviews, technical assistance provided by UNODC, and "
        "activities undertaken in the context of the COVID-19 pandemic",
        (),
    ),
)

#: The questions raised (seed 003, paragraphs 6 to 14), by topic; the topics' wording is ours.
QUESTIONS = (
    (
        "Civil society in country reviews",
        "Speakers encouraged States parties to facilitate the access and contributions of a broad cross-section of "
        "society, including academia, media and the private sector, to country reviews, including when country "
        "visits take place online.",
        "It is the prerogative of States parties to share the contact information of focal points and to include "
        "civil society in their reviews; the secretariat highlights the benefits of doing so.",
    ),
    (
        "Transparency of the reviews",
        "An updated timeline of the review process should be available online, country review reports should be "
        "made public, and the contact details of focal points published.",
        "",
    ),
    (
        "Follow-up",
        "A template for the voluntary publication of measures taken after country reviews, developed with States "
        "parties; follow-up made mandatory; political will to address delays in the second cycle.",
        "",
    ),
    (
        "Observer status",
        "States parties should grant civil society observer status in the sessions of the subsidiary bodies of the "
        "Conference, and the widest participation at its ninth session.",
        "",
    ),
    (
        "Corruption risks of the COVID-19 response",
        "The corruption risks of allocating large resources to the pandemic response, emergency procurement and "
        "restrictions on access to information.",
        "UNODC has prepared policy papers on mitigating corruption risks in emergency relief and rescue packages.",
    ),
    (
        "Data and technical assistance",
        "Disaggregated information on country reviews; technical assistance under article 13; how States implement "
        "articles 6 and 9.",
        "The information is in the documentation prepared for the Group; the executive summaries list good "
        "practices and technical assistance needs.",
    ),
    (
        "Capacity of civil society and victims of corruption",
        "More resources and capacity-building for civil society; data from civil society to inform anti-corruption "
        "strategies; the rights of victims of corruption to treatment, justice and restitution.",
        "",
    ),
    (
        "Cooperation between the Conventions and the special session",
        "Whether the experience of the Mechanism is shared with the review mechanism of the Convention against "
        "Transnational Organized Crime; grand corruption, beneficial ownership and party financing in the political "
        "declaration of the special session.",
        "The secretariat confirmed that it shares its experience.",
    ),
)


def _document(actor, symbol, title, issued_on) -> Document:
    document = Document.objects.filter(symbol=symbol).first()
    if document is None:
        document = document_register(
            actor=actor,
            symbol=symbol,
            title=title,
            issued_on=issued_on,
            original_language="en",
            body=Body.objects.get(code="irg"),
        )
    if document.status != Document.Status.ISSUED:
        document = document_issue(document=document, actor=actor, on=issued_on)
    return document


def _briefing_9(actor) -> Briefing | None:
    briefing = Briefing.objects.filter(number=9).first()
    if briefing is not None:
        return None
    session = Session.objects.get(body__code="irg", number=11, part=Session.Part.FIRST_RESUMED)
    programme = Document.objects.get(symbol="CAC/COSP/IRG/2020/CRP.14")
    _document(
        actor,
        "CAC/COSP/IRG/2020/3/Rev.1",
        # demo value: title and date of the thematic report (seed 003 gives its symbol only)
        "Implementation of chapter II (Preventive measures) of the United Nations Convention against Corruption: "
        "thematic report prepared by the Secretariat",
        datetime.date(2020, 8, 20),
    )
    briefing = services.briefing_save(
        actor=actor,
        number=9,
        session=session,
        held_on=datetime.date(2020, 9, 1),
        capacity=100,  # demo value
        chair_name="Germán Andrés Calderón Velásquez",
        chair_state=State.objects.get(code="COL"),
        chair_role=CHAIR_ROLE,
        programme=programme,
    )
    for topic, symbols in PRESENTATIONS:
        services.presentation_add(
            actor=actor,
            briefing=briefing,
            speaker="Secretariat (Corruption and Economic Crime Branch, UNODC)",
            topic=topic,
            documents=list(Document.objects.filter(symbol__in=symbols)),
        )
    for topic, text, response in QUESTIONS:
        services.question_add(actor=actor, briefing=briefing, topic=topic, text=text, response=response or None)
    services.summary_save(
        actor=actor,
        briefing=briefing,
        summary=SUMMARY_FILE.read_text(encoding="utf-8"),
        issued_on=datetime.date(2022, 2, 1),
    )
    return services.summary_publish(actor=actor, briefing=briefing)


def _organization_account(actor, password: str) -> tuple[User, bool]:
    user = User.objects.filter(username="ngo").first()
    if user is not None:
        return user, False
    organization = Organization.objects.filter(name_en="Integrity Watch Network").first()
    if organization is None:
        organization = services.organization_save(  # demo value: an invented organization
            actor=actor,
            name={"en": "Integrity Watch Network", "fr": "Réseau de veille sur l'intégrité"},
            kind=Organization.Kind.NGO,
            country=State.objects.get(code="KEN"),
            website="https://integrity-watch.example.org",
            area_of_work={"en": "Public procurement, asset declarations and whistle-blower protection"},
            ecosoc_status=Organization.Ecosoc.SPECIAL,
        )
    user = User.objects.create_user(
        "ngo",
        "ngo@integrity-watch.example.org",
        password,
        role=Role.NGO,
        first_name="Grace",
        last_name="Wanjiku",
        preferred_language="fr",
        organization="Integrity Watch Network",
    )
    Member.objects.create(user=user, organization=organization)
    return user, True


def _upcoming_briefing(actor, today) -> Briefing | None:
    """An upcoming briefing to register for, on the margins of an upcoming session of the IRG."""
    if Briefing.objects.filter(held_on__gte=today).exists():
        return None
    session = Session.objects.filter(body__code="irg", starts_on__gt=today).order_by("starts_on").first()
    if session is None:
        starts = today + datetime.timedelta(days=75)  # demo value: the next session's dates and number
        number = (
            Session.objects.filter(body__code="irg").order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        session = session_save(
            actor=actor,
            body=Body.objects.get(code="irg"),
            number=max(number, 17),
            part=Session.Part.REGULAR,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=4),
            city={"en": "Vienna", "fr": "Vienne", "es": "Viena", "ru": "Вена", "ar": "فيينا", "zh-hans": "维也纳"},
            country=State.objects.get(code="AUT"),
        )
    number = (Briefing.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return services.briefing_save(
        actor=actor,
        number=max(number, 16),  # demo value
        session=session,
        held_on=session.starts_on + datetime.timedelta(days=1),
        starts_at=datetime.time(13, 30),
        room={"en": "Board Room D", "fr": "Salle du Conseil D"},
        capacity=40,
        registration_closes_on=session.starts_on - datetime.timedelta(days=3),
    )


def _input_on_kenya(actor, ngo_user) -> CivilSocietyInput | None:
    review = CountryReview.objects.filter(state__code="KEN", cycle__mechanism__code="irm").first()
    if (
        review is None
        or CivilSocietyInput.objects.filter(review=review).exists()
        or not services.input_accepted(review)
    ):
        return None
    item = services.input_submit(
        actor=ngo_user,
        review=review,
        title="Asset declarations of public officials (article 8)",  # demo value
        text=(
            "Our monitoring of asset declarations since 2019 found that declarations are filed on time but are not "
            "verified, and that the public cannot consult them.\n\nWe would welcome the experts' attention to the "
            "verification procedures and to public access to declarations under article 8, paragraph 5."
        ),
        language="en",
    )
    return services.input_share(actor=actor, item=item)


def briefings_demo_load(*, staff, password: str, today=None) -> list[str]:
    """What was created, for the seed's summary."""
    today = today or timezone.localdate()
    created = []
    if _briefing_9(staff):
        created.append("NGO briefing 9 (seed 003)")
    ngo_user, made = _organization_account(staff, password)
    if made:
        created.append("organization account")
    if _upcoming_briefing(staff, today):
        created.append("upcoming NGO briefing")
    if _input_on_kenya(staff, ngo_user):
        created.append("civil-society input")
    return created


def on_demo_seeded(sender, *, staff, password, today, **kwargs):
    from reviews.services.demo import DemoAccount

    created = briefings_demo_load(staff=staff, password=password, today=today)
    return created, [DemoAccount("ngo", "an organization's account (Integrity Watch Network), in French")]
