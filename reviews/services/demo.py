"""Demonstration data for `make run`: idempotent, built on the real reference data.

- the IRG sessions of seed 000 (the second session, resumed and continued resumed in
  Marrakech), the seventh IRG session (drawing of lots for the second cycle) and the tenth
  session of the COP (launch of the UNTOC review mechanism);
- UNCAC second cycle: years and reviewing States drawn by lot with recorded seeds; reviews of
  the first years spread over every step, some completed, some overdue, one paused;
- UNTOC first phase: the first group of States (2020) drawn, reviews under way;
- one account per role, with Kenya's review as the focal point's and expert's example.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from accounts.models import User
from accounts.services import user_create
from documents.models import Document
from reference.models import ReviewCycle, State
from reviewmech.roles import Role
from sessions.demo import sessions_demo_load
from sessions.models import AgendaItem, Session

from .. import scopes
from ..models import CountryReview, Participant, WorkflowStep
from . import lots, workflow

#: Sent at the end of :func:`demo_seed` with ``staff``, ``password`` and ``today``; each receiver
#: returns ``(what it created, the DemoAccounts it offers)``.
demo_seeded = Signal()

DEMO_PASSWORD = "reviewmech-demo"  # noqa: S105 - printed for the demo, never used in production
FOCAL_STATE = "KEN"


@dataclass
class DemoAccount:
    username: str
    description: str


@dataclass
class DemoResult:
    accounts: list[DemoAccount] = field(default_factory=list)
    created: list[str] = field(default_factory=list)

    @property
    def summary(self):
        return "created " + ", ".join(self.created) if self.created else "already in place"


def _sessions(staff, result: DemoResult) -> dict[tuple[str, int, str], Session]:
    """The sessions, agendas and documents are the sessions app's demo (``sessions/demo.py``),
    keyed ``(body code, number, part)``."""

    def counts():
        return Session.objects.count(), AgendaItem.objects.count(), Document.objects.count()

    before = counts()
    sessions = sessions_demo_load(staff)
    if counts() != before:
        result.created.append("sessions, agendas and documents")
    return sessions


def _user(username, **kwargs) -> tuple[User, bool]:
    user = User.objects.filter(username=username).first()
    if user:
        return user, False
    return user_create(
        username=username, email=f"{username}@reviewmech.localhost", password=DEMO_PASSWORD, **kwargs
    ), True


def _progress(review: CountryReview, steps: list[WorkflowStep], upto: int, dates: list[datetime.date], actor):
    """Record steps 1..upto of ``review`` on the given dates (history: nobody is e-mailed)."""
    for step, on in zip(steps[:upto], dates, strict=False):
        review.refresh_from_db(fields=["current_step", "status"])
        if review.current_step_id != step.pk:
            break
        workflow.review_complete_step(review=review, actor=actor, on=on, notify=False)


def _dates_forward(rng, start: datetime.date, count: int) -> list[datetime.date]:
    dates, day = [], start
    for _ in range(count):
        day += datetime.timedelta(days=rng.randint(20, 160))
        dates.append(day)
    return dates


def _dates_ending_recently(rng, today: datetime.date, count: int) -> list[datetime.date]:
    """``count`` dates in order, the last one 0–150 days ago: some reviews become overdue."""
    day = today - datetime.timedelta(days=rng.randint(0, 150))
    dates = [day]
    for _ in range(count - 1):
        day -= datetime.timedelta(days=rng.randint(25, 140))
        dates.append(day)
    return list(reversed(dates))


def _run_cycle(cycle: ReviewCycle, *, seed: str, session: Session, actor, progress_years: dict, rng, today):
    """Draw the cycle's years and reviewers, then move reviews of some years along."""
    if cycle.reviews.exists():
        return False
    lots.lots_draw_years(cycle=cycle, actor=actor, seed=seed, session=session)
    for year in sorted(set(cycle.reviews.values_list("year", flat=True))):
        lots.lots_draw_reviewers(cycle=cycle, year=year, actor=actor, seed=f"{seed}-{year}", session=session)
    steps = list(WorkflowStep.objects.filter(mechanism=cycle.mechanism).order_by("order"))
    for year, mode in progress_years.items():
        for review in cycle.reviews.filter(year=year).select_related("state").order_by("state__code", "instrument"):
            if review.state.code == FOCAL_STATE:
                continue
            if mode == "mostly_done" and rng.random() < 0.75:
                upto = len(steps) - rng.randint(0, 1)
                _progress(review, steps, upto, _dates_forward(rng, datetime.date(year, 7, 1), upto), actor)
            else:
                upto = rng.randint(1, len(steps) - 1)
                _progress(review, steps, upto, _dates_ending_recently(rng, today, upto), actor)
    return True


@transaction.atomic
def demo_seed(today: datetime.date | None = None) -> DemoResult:
    today = today or timezone.localdate()
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data
    result = DemoResult()
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        User.objects.create_superuser(
            "admin", "admin@reviewmech.localhost", DEMO_PASSWORD, first_name="Ada", last_name="Admin"
        )
        result.created.append("administrator")
    staff, created = _user("secretariat", role=Role.SECRETARIAT, first_name="Sofia", last_name="Navarro")
    if created:
        result.created.append("secretariat account")
    sessions = _sessions(staff, result)

    uncac = ReviewCycle.objects.get(mechanism__code="irm", number=2)
    if _run_cycle(
        uncac,
        seed="irg-7-2016",
        session=sessions[("irg", 7, Session.Part.REGULAR)],
        actor=staff,
        progress_years={2016: "mostly_done", 2017: "spread", 2018: "spread"},
        rng=rng,
        today=today,
    ):
        result.created.append(f"UNCAC second cycle ({uncac.reviews.count()} reviews)")
        _pause_one(uncac, staff, today)
    untoc = ReviewCycle.objects.get(mechanism__code="untoc-rm", number=1)
    if _run_cycle(
        untoc,
        seed="cop-10-2020",
        session=sessions[("cop", 10, Session.Part.REGULAR)],
        actor=staff,
        progress_years={untoc.start_year: "spread"},
        rng=rng,
        today=today,
    ):
        result.created.append(f"UNTOC first phase ({untoc.reviews.count()} reviews)")

    result.accounts = _accounts(uncac, staff, today, result)
    _findings_and_summaries(uncac, staff, result)
    # The apps above this one add theirs (ngo_briefings: the briefings and an organization).
    for _receiver, response in demo_seeded.send(sender=DemoResult, staff=staff, password=DEMO_PASSWORD, today=today):
        created, accounts = response
        result.created += created
        result.accounts += accounts
    return result


def _pause_one(cycle, actor, today):
    review = (
        cycle.reviews.filter(status=CountryReview.Status.ACTIVE).exclude(state__code=FOCAL_STATE).order_by("pk").first()
    )
    if review:
        paused_on = max(
            today - datetime.timedelta(days=20), review.completions.order_by("-completed_on").first().completed_on
        )
        workflow.review_pause(
            review=review,
            actor=actor,
            on=paused_on,
            reason="At the request of the State under review: general elections and change of Government.",
        )


KENYA_DRAFT = {
    5: {
        "implementation": "partly",
        "narrative": (
            "Kenya's anti-corruption policy rests on the Constitution of Kenya (2010), chapter six on "
            "leadership and integrity, and on the national ethics and anti-corruption policy. The "
            "Ethics and Anti-Corruption Commission coordinates prevention with ministries, counties "
            "and civil society; periodic evaluation of the measures is planned but not yet in place."
        ),
        "legislation": "Constitution of Kenya (2010), chapter six; Ethics and Anti-Corruption Commission Act, 2011.",
        "ta_category": "policymaking",
        "ta_needs": "Methodology to evaluate anti-corruption policies periodically.",
    },
    6: {
        "implementation": "fully",
        "narrative": (
            "The Ethics and Anti-Corruption Commission is an independent commission under article 79 "
            "of the Constitution, with its own budget and staff, responsible for prevention and "
            "public education as well as investigation."
        ),
        "legislation": "Ethics and Anti-Corruption Commission Act, 2011, sections 3 and 11.",
    },
}


def _checklist_draft(review, focal_point):
    """Kenya's focal point has started the checklist: two articles answered, as a draft."""
    from reference.models import TechnicalAssistanceCategory

    from .checklist import answer_save, checklist_open

    checklist = checklist_open(review=review)
    for answer in checklist.answers.select_related("article").filter(article__number__in=KENYA_DRAFT):
        data = dict(KENYA_DRAFT[answer.article.number])
        if "ta_category" in data:
            data["ta_category"] = TechnicalAssistanceCategory.objects.get(code=data["ta_category"])
        answer_save(answer=answer, actor=focal_point, data=data, revision=answer.revision)


def _accounts(cycle, staff, today, result) -> list[DemoAccount]:
    """The focal point of Kenya, an expert of one of Kenya's reviewing States and an observer
    of Kenya's Permanent Mission, all on Kenya's review, which is at the desk review."""
    kenya = State.objects.get(code=FOCAL_STATE)
    review = CountryReview.objects.get(cycle=cycle, state=kenya)
    steps = list(WorkflowStep.objects.filter(mechanism=cycle.mechanism).order_by("order"))
    if review.status == CountryReview.Status.SCHEDULED:
        upto = [s.code for s in steps].index("desk_review")
        dates = [today - datetime.timedelta(days=d) for d in (150, 128, 95, 12)][:upto]
        _progress(review, steps, upto, dates, staff)
    reviewer = review.reviewer_assignments.filter(active=True, basis="same_group").select_related("state").first()
    focal, created_focal = _user(
        "focalpoint",
        role=Role.FOCAL_POINT,
        state=kenya,
        first_name="Amina",
        last_name="Odhiambo",
        organization="Ethics and Anti-Corruption Commission",
    )
    expert, created_expert = _user(
        "expert",
        role=Role.EXPERT,
        state=reviewer.state,
        first_name="Julien",
        last_name="Moreau",
        preferred_language="fr",
        organization="Ministry of Justice",
    )
    observer, created_observer = _user(
        "observer",
        role=Role.OBSERVER,
        state=kenya,
        first_name="Youssef",
        last_name="Benali",
        preferred_language="ar",
        organization="Permanent Mission to the United Nations (Vienna)",
    )
    for user, role, reviewing_state in (
        (staff, Role.SECRETARIAT, None),
        (focal, Role.FOCAL_POINT, None),
        (expert, Role.EXPERT, expert.state),
        (observer, Role.OBSERVER, None),
    ):
        Participant.objects.get_or_create(
            review=review, user=user, role=role, active=True, defaults={"reviewing_state": reviewing_state}
        )
    if created_focal or created_expert or created_observer:
        result.created.append("demo accounts")
        _checklist_draft(review, focal)
    return [
        DemoAccount("admin", "superuser (administration)"),
        DemoAccount("secretariat", "secretariat staff"),
        DemoAccount("focalpoint", f"national focal point of {kenya.name_en}"),
        DemoAccount("expert", f"governmental expert of {expert.state.name_en}, reviewing {kenya.name_en} (French)"),
        DemoAccount("observer", f"observer, Permanent Mission of {kenya.name_en} (Arabic)"),
    ]


DEMO_FINDINGS_FILE = Path(__file__).resolve().parent.parent / "reference_data" / "demo_findings.yaml"


def _findings_and_summaries(cycle, staff, result):
    """Findings for the reviews that have reached the report, and published executive
    summaries for three completed reviews: the workers render their PDFs at start-up."""
    from reference.models import Article, TechnicalAssistanceCategory

    from ..models import Finding, ReviewReport
    from . import reports

    if Finding.objects.filter(review__cycle=cycle).exists():
        return
    bank = yaml.safe_load(DEMO_FINDINGS_FILE.read_text(encoding="utf-8"))
    articles = {a.number: a for a in Article.objects.filter(instrument__code="uncac", number__in=bank)}
    categories = list(TechnicalAssistanceCategory.objects.order_by("order"))
    reached = cycle.reviews.filter(completions__step__code="draft_report").distinct().order_by("state__code")
    findings = []
    for index, review in enumerate(reached):
        for number, rows in bank.items():
            if (index + number) % 3 == 0:
                continue  # not every review finds the same things
            for order, row in enumerate(rows):
                findings.append(
                    Finding(
                        review=review,
                        article=articles[number],
                        kind=row["kind"],
                        text_en=row["en"],
                        text_fr=row.get("fr"),
                        ta_category=categories[(index + number) % len(categories)]
                        if row["kind"] == "ta_need"
                        else None,
                        order=order,
                        created_by=staff,
                    )
                )
    Finding.objects.bulk_create(findings)
    scopes.touch_reviews(finding.review_id for finding in findings)
    published = 0
    for review in cycle.reviews.filter(status=CountryReview.Status.COMPLETED).select_related("state")[:3]:
        report = reports.report_open(review=review, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, actor=staff)
        published += 1
        reports.report_update(
            report=report,
            actor=staff,
            language="en",
            data={
                "introduction": (
                    f"{review.state.name_en} is a State party to the United Nations Convention against Corruption. "
                    "This summary covers chapters II (Preventive measures) and V (Asset recovery)."
                ),
                "symbol": f"CAC/COSP/IRG/II/1/1/Add.{published}",
            },
        )
        reports.report_update(
            report=report,
            actor=staff,
            language="fr",
            data={
                "introduction": (
                    "L'État examiné est partie à la Convention des Nations Unies contre la corruption. "
                    "Le présent résumé porte sur les chapitres II (Mesures préventives) et V (Recouvrement d'avoirs)."
                )
            },
        )
        reports.translation_set(report=report, actor=staff, language="fr", status="translated", translator=staff)
        report.status = ReviewReport.Status.AGREED  # agreed during the review (a completed one)
        report.agreed_on = review.completions.order_by("-completed_on").first().completed_on
        report.save()
        reports.report_publish(report=report, actor=staff, on=report.agreed_on)
    result.created.append(f"{len(findings)} findings, {published} published executive summaries")
