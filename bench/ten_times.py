"""The ten-times data set (issue 19): about 8,700 country reviews on PostgreSQL, made
reproducibly from a seed, for the load benchmark of the staff pages (``pages_load.py``).

    .venv/bin/python bench/ten_times.py [--seed 19] [--rebuild]

Its own database: ``BENCH10_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/reviewmech_bench10``, whose name must contain "bench"),
created if missing, dropped and made again on a rebuild. The developer's database, media and
broker are never touched (no task is sent: the broker is ``memory://``; no file is written).

What it holds (``bench/README.md``, "Staff pages at ten times the data"):

- the reference data (``load_reference_data``) and the six cycles it defines (IRM cycles 1–2,
  UNTOC phases 1–4), then copies of them (same years, chapters and clusters, numbered after
  them): every State party is reviewed ``--repetitions`` times (default 3) in each, 3 × (2 ×
  the parties to UNCAC + 4 × the parties to UNTOC and to each of its Protocols) reviews, 9,198
  with the reference data of 3 December 2026, second pass (a UNTOC phase has 670);
- for each cycle the drawing of lots through the services (``lots_draw_years``,
  ``lots_draw_reviewers``: the audited draws, the reviewing States, the history);
- each review moved along its workflow from its year of review to ``--as-of`` (default
  2026-12-01) with realistic delays: step completions with their history, indicative dates
  computed by ``workflow.timeline``, some reviews stalled (overdue), some paused, some with a
  past pause; those of the future years are scheduled;
- a self-assessment checklist for every review past its initial steps: one answer per article
  under review (``articles_under_review``), texts of a few hundred to a few thousand
  characters in the review's working language (the six languages of ``_texts.py``), submitted
  and frozen as version 1 (with the State's consent decision) once the step is completed, a
  draft partly answered before;
- 20,000 findings on the reviews that reached the report (or the list of observations), exactly
  150 of them on France's review of the IRM second cycle, which waits for the State's agreement
  (its findings still editable);
- executive summaries agreed, and published with their document (symbol, issued) and six
  renditions (a few failed or stuck), for the reviews past those steps; the PDFs of
  self-assessments the State agreed to publish;
- the people: a member of the secretariat, Kenya's focal point with a draft checklist on
  Kenya's review of the IRM second cycle (at the self-assessment), and an expert of one of its
  reviewing States, all three on that review.

Rows are written with ``bulk_create`` for speed, keeping the models' invariants (the order of
steps, dates never in the future nor before the previous step, one open pause, a submitted
version equal to the answers, ...); no history rows (django-simple-history) and no PDF files
are written for them. The database is reused while this file, ``_texts.py``, the migrations,
the reference data, the drawing of lots, the seed and the options stay the same (a stamp,
``var/bench/ten_times.json``); ``--rebuild`` or ``BENCH_REBUILD=1`` builds it again.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import io
import json
import math
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/reviewmech_bench10"
STAMP = _setup.BENCH_DIR / "ten_times.json"
DEFAULT_SEED = 19
DEFAULT_REPETITIONS = 3
DEFAULT_AS_OF = datetime.date(2026, 12, 1)
FINDINGS = 20_000
BIG_REVIEW_FINDINGS = 150

STAFF_USERNAME = "bench10-secretariat"
FOCAL_USERNAME = "bench10-focal-point"
EXPERT_USERNAME = "bench10-expert"
FOCAL_STATE = "KEN"
BIG_STATE = "FRA"

#: The working language of a review, drawn per State with these weights.
LANGUAGE_WEIGHTS = {"en": 50, "fr": 15, "es": 15, "ru": 8, "ar": 8, "zh-hans": 4}
#: The first step of the self-assessment in each mechanism's workflow.
SELF_ASSESSMENT = ("self_assessment", "questionnaire")
#: The step after which findings exist (the report or the list of observations is drafted).
FINDINGS_AFTER = ("draft_report", "written_feedback")
AGREED = ("report_agreed", "observations_agreed")
PUBLISHED = "published"


def database_url() -> str:
    url = os.environ.get("BENCH10_DATABASE_URL", DEFAULT_URL)
    name = urlsplit(url).path.lstrip("/")
    if not url.startswith("postgres") or "bench" not in name:
        sys.exit(f"BENCH10_DATABASE_URL must name a PostgreSQL database with 'bench' in its name (got {url!r}).")
    return url


def setup_django() -> None:
    """Django on the ten-times database, with the settings gunicorn serves the benchmark with
    (``bench_settings``: the project's, the bare views, static files by their plain names)."""
    os.environ["BENCH_DATABASE_URL"] = database_url()  # what _setup.environment() and gunicorn read
    os.environ.setdefault("CELERY_BROKER_URL", "memory://")  # nothing reaches a real queue
    _setup.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.update({**_setup.environment(), "DJANGO_SETTINGS_MODULE": "bench_settings"})
    if str(_setup.ROOT) not in sys.path:
        sys.path.insert(0, str(_setup.ROOT))
    import django

    django.setup()


# --- Reuse ---------------------------------------------------------------------------------------


def _stamp(seed: int, repetitions: int, as_of: datetime.date) -> dict:
    digest = hashlib.sha256()
    inputs = [Path(__file__), Path(__file__).with_name("_texts.py"), _setup.ROOT / "reviews" / "lots.py"]
    inputs += sorted(_setup.ROOT.glob("*/reference_data/*.yaml"))
    for path in inputs:
        digest.update(path.read_bytes())
    migrations = sorted(str(p.relative_to(_setup.ROOT)) for p in _setup.ROOT.glob("*/migrations/0*.py"))
    digest.update("\n".join(migrations).encode())
    return {
        "database": database_url(),
        "code": digest.hexdigest(),
        "seed": seed,
        "repetitions": repetitions,
        "as_of": as_of.isoformat(),
    }


def _is_current(wanted: dict) -> bool:
    if os.environ.get("BENCH_REBUILD") or not STAMP.exists():
        return False
    stamp = json.loads(STAMP.read_text())
    if {key: stamp.get(key) for key in wanted} != wanted:
        return False
    try:
        from reviews.models import CountryReview

        return CountryReview.objects.exists()
    except Exception:  # noqa: BLE001 - a missing database or table: build it
        return False


def prepare(
    seed: int = DEFAULT_SEED,
    repetitions: int = DEFAULT_REPETITIONS,
    as_of: datetime.date = DEFAULT_AS_OF,
    *,
    rebuild: bool = False,
    quiet: bool = False,
) -> dict:
    """Build the database if it is missing or out of date; return the stamp (with the build's
    time and row counts)."""
    _create_database()
    wanted = _stamp(seed, repetitions, as_of)
    if not rebuild and _is_current(wanted):
        return json.loads(STAMP.read_text())
    STAMP.unlink(missing_ok=True)
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    say(f"Building the ten-times database ({database_url()}), seed {seed}...")
    started = time.monotonic()
    _build(seed, repetitions, min(as_of, datetime.date.today()), say)
    stamp = {**wanted, "built_in_s": round(time.monotonic() - started, 1), "rows": row_counts()}
    STAMP.write_text(json.dumps(stamp, indent=2))
    say(f"  built in {stamp['built_in_s']:.1f} s")
    return stamp


def _admin_connection():
    import psycopg2

    parts = urlsplit(database_url())
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection, parts.path.lstrip("/")


def _create_database(*, drop: bool = False) -> None:
    from django.db import connections

    connection, name = _admin_connection()
    with connection.cursor() as cursor:
        if drop:
            connections.close_all()
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def database_size() -> int:
    connection, name = _admin_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(%s)", [name])
        size = cursor.fetchone()[0]
    connection.close()
    return size


def row_counts() -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from documents.models import Document, Rendition
    from reference.models import ReviewCycle
    from reviews.models import (
        Checklist,
        ChecklistAnswer,
        ChecklistSubmission,
        ConsentDecision,
        CountryReview,
        Finding,
        LotDraw,
        Participant,
        ReviewerAssignment,
        ReviewEvent,
        ReviewPause,
        ReviewReport,
        StepCompletion,
    )

    models = (
        ReviewCycle,
        CountryReview,
        StepCompletion,
        ReviewPause,
        ReviewEvent,
        LotDraw,
        ReviewerAssignment,
        Checklist,
        ChecklistAnswer,
        ChecklistSubmission,
        ConsentDecision,
        Finding,
        ReviewReport,
        Document,
        Rendition,
        Participant,
        get_user_model(),
    )
    return {model._meta.label: model.objects.count() for model in models}


# --- Handles for the benchmark ----------------------------------------------------------------------


def handles() -> dict:
    """What ``pages_load.py`` measures: the people and the rows their pages show."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from reference.models import ReviewCycle
    from reviews.models import CountryReview, Participant

    users = get_user_model().objects
    focal = users.get(username=FOCAL_USERNAME)
    focal_review = Participant.objects.get(user=focal, active=True).review
    big = (
        CountryReview.objects.filter(state__code=BIG_STATE, cycle__mechanism__code="irm", cycle__number=2)
        .annotate(n=Count("findings"))
        .get()
    )
    assert big.n == BIG_REVIEW_FINDINGS, big.n
    pairings = ReviewCycle.objects.get(mechanism__code="untoc-rm", number=1)
    return {
        "staff": users.get(username=STAFF_USERNAME),
        "focal_point": focal,
        "expert": users.get(username=EXPERT_USERNAME),
        "focal_review": focal_review,
        "big_review": big,
        "pairings_cycle": pairings,
        "pairings_rows": pairings.reviews.count(),
    }


# --- Building ---------------------------------------------------------------------------------------


def _build(seed: int, repetitions: int, as_of: datetime.date, say) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from accounts.services import user_create
    from reviewmech.roles import Role

    phase = time.monotonic()

    def lap(what):
        nonlocal phase
        now = time.monotonic()
        say(f"  {what}: {now - phase:.1f} s")
        phase = now

    _create_database(drop=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_reference_data", stdout=io.StringIO())
    lap("database, migrations and reference data")
    rng = random.Random(seed)  # reproducible benchmark data
    staff = user_create(
        username=STAFF_USERNAME,
        email="bench10@reviewmech.localhost",
        password=None,
        role=Role.SECRETARIAT,
        first_name="Ten",
        last_name="Times",
    )
    cycles = _cycles(repetitions)
    _draw(cycles, staff, seed)
    lap(f"{len(cycles)} cycles drawn by lot")
    with transaction.atomic():
        plans = _progress(rng, cycles, staff, as_of)
    lap(f"{len(plans)} reviews moved along their workflow")
    with transaction.atomic():
        _checklists(rng, plans, staff)
    lap("checklists")
    with transaction.atomic():
        _findings(rng, plans, staff)
    lap("findings")
    with transaction.atomic():
        _reports(rng, plans, staff, as_of)
    lap("summaries, documents and renditions")
    with transaction.atomic():
        _people(plans, staff)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    lap("people, ANALYZE")


def _cycles(repetitions: int) -> list:
    """The six cycles of the reference data, then copies of them (numbered after the real ones,
    with the same years, chapters and clusters) for the repetitions."""
    from django.conf import settings

    from reference.models import ReviewCycle
    from reviewmech.i18n import field_suffix

    real = list(ReviewCycle.objects.select_related("mechanism").order_by("mechanism__order", "number"))
    cycles = list(real)
    last = defaultdict(int)
    for cycle in real:
        last[cycle.mechanism_id] = max(last[cycle.mechanism_id], cycle.number)
    for copy in range(1, repetitions):
        for base in real:
            last[base.mechanism_id] += 1
            titles = {
                f"title_{field_suffix(code)}": f"{getattr(base, f'title_{field_suffix(code)}')} ({copy + 1})"
                for code, _name in settings.LANGUAGES
                if getattr(base, f"title_{field_suffix(code)}")
            }
            cycle = ReviewCycle.objects.create(
                mechanism=base.mechanism,
                number=last[base.mechanism_id],
                kind=base.kind,
                start_year=base.start_year,
                end_year=base.end_year,
                resolution=base.resolution,
                review_years=base.review_years,
                reviewer_cap=base.reviewer_cap,
                redraw_limit=base.redraw_limit,
                **titles,
            )
            cycle.chapters.set(base.chapters.all())
            cycle.clusters.set(base.clusters.all())
            cycles.append(cycle)
    return cycles


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _draw(cycles, staff, seed: int) -> None:
    """The years, then the reviewing States of each year, drawn through the services; the draws
    and their history dated to the beginning of the cycle and of each year."""
    from django.core.exceptions import ValidationError

    from reviews.models import LotDraw, ReviewEvent
    from reviews.services import lots

    for cycle in cycles:
        name = f"bench10-{seed}-{cycle.mechanism.code}-{cycle.number}"
        draw = lots.lots_draw_years(cycle=cycle, actor=staff, seed=name)
        drawn_at = _at(datetime.date(cycle.start_year - 1, 12, 1))
        LotDraw.objects.filter(pk=draw.pk).update(drawn_at=drawn_at)
        ReviewEvent.objects.filter(review__cycle=cycle, kind=ReviewEvent.Kind.SCHEDULED).update(at=drawn_at)
        for year in sorted(set(cycle.reviews.values_list("year", flat=True))):
            for attempt in "abcde":  # a seed under which the rules cannot be met: the next one
                try:
                    draw = lots.lots_draw_reviewers(cycle=cycle, year=year, actor=staff, seed=f"{name}-{year}{attempt}")
                    break
                except ValidationError:
                    if attempt == "e":
                        raise
            drawn_at = _at(datetime.date(year, 1, 8))
            LotDraw.objects.filter(pk=draw.pk).update(drawn_at=drawn_at)
            ReviewEvent.objects.filter(
                review__cycle=cycle, review__year=year, kind=ReviewEvent.Kind.REVIEWERS_DRAWN
            ).update(at=drawn_at)


class Plan:
    """One review and what happened to it: the steps completed (with their dates), pauses."""

    __slots__ = ("answers", "checklist", "done", "language", "pauses", "review", "steps")

    def __init__(self, review, steps, language):
        self.review, self.steps, self.language = review, steps, language
        self.done: list[tuple[object, datetime.date]] = []
        self.pauses: list = []
        self.checklist = None
        self.answers: list = []

    def completed(self, code: str | tuple) -> datetime.date | None:
        codes = (code,) if isinstance(code, str) else code
        return next((day for step, day in self.done if step.code in codes), None)

    def index(self, codes: tuple) -> int:
        return next(i for i, step in enumerate(self.steps) if step.code in codes)


def _simulate(rng, plan: Plan, as_of: datetime.date, stall: float) -> None:
    """Steps completed from early in the year of review, each after its indicative duration
    stretched by a delay (median 1.8 times, sometimes much more), until ``as_of``; a review
    may also stall at any step (and so become overdue)."""
    day = datetime.date(plan.review.year, 1, 1) + datetime.timedelta(days=rng.randint(15, 200))
    for i, step in enumerate(plan.steps):
        if i:
            days = step.indicative_days if step.indicative_days is not None else rng.randint(300, 1200)
            day += datetime.timedelta(days=max(1, round(days * min(8.0, rng.lognormvariate(math.log(1.8), 0.6)))))
            if rng.random() < stall:
                return
        if day > as_of:
            return
        plan.done.append((step, day))


def _forced(rng, plan: Plan, upto: int, as_of: datetime.date, last_days_ago: int) -> None:
    """The first ``upto`` steps completed, the last one ``last_days_ago`` days before ``as_of``."""
    day = as_of - datetime.timedelta(days=last_days_ago)
    dates = [day]
    for step in reversed(plan.steps[1:upto]):
        day -= datetime.timedelta(days=round((step.indicative_days or 30) * rng.uniform(0.8, 1.6)))
        dates.append(day)
    plan.done = list(zip(plan.steps[:upto], reversed(dates), strict=True))


def _progress(rng, cycles, staff, as_of) -> list[Plan]:
    from django.utils import timezone

    from reviews.models import CountryReview, ReviewEvent, ReviewPause, StepCompletion, WorkflowStep
    from reviews.services.workflow import timeline

    steps = defaultdict(list)
    for step in WorkflowStep.objects.order_by("mechanism_id", "order"):
        steps[step.mechanism_id].append(step)
    codes = sorted(set(CountryReview.objects.values_list("state__code", flat=True)))
    names, weights = list(LANGUAGE_WEIGHTS), list(LANGUAGE_WEIGHTS.values())
    languages = {code: rng.choices(names, weights=weights)[0] for code in codes}
    languages[FOCAL_STATE] = languages[BIG_STATE] = "en"
    reviews = (
        CountryReview.objects.filter(cycle__in=cycles)
        .select_related("state", "instrument", "cycle", "cycle__mechanism")
        .order_by("cycle__mechanism__order", "cycle__number", "year", "state__code", "instrument__order")
    )
    plans, completions, events, pauses = [], [], [], []
    now = timezone.now()
    for review in reviews:
        plan = Plan(review, steps[review.cycle.mechanism_id], languages[review.state.code])
        real_irm2 = review.cycle.mechanism.code == "irm" and review.cycle.number == 2
        if real_irm2 and review.state.code == FOCAL_STATE:
            _forced(rng, plan, plan.index(SELF_ASSESSMENT), as_of, 95)  # at the self-assessment
        elif real_irm2 and review.state.code == BIG_STATE:
            _forced(rng, plan, plan.index(AGREED), as_of, 40)  # report drafted, not yet agreed
        else:
            _simulate(rng, plan, as_of, stall=0.012)
        plans.append(plan)
        _pauses(rng, plan, as_of, staff)
        review.working_languages = [plan.language]
        review.updated_at = now
        if not plan.done:
            continue
        review.started_on = plan.done[0][1]
        last = len(plan.done)
        review.current_step = plan.steps[last] if last < len(plan.steps) else None
        if review.current_step is None:
            review.status = CountryReview.Status.COMPLETED
        elif any(p.resumed_on is None for p in plan.pauses):
            review.status = CountryReview.Status.PAUSED
        else:
            review.status = CountryReview.Status.ACTIVE
        for i, (step, day) in enumerate(plan.done):
            completions.append(
                StepCompletion(review=review, step=step, completed_on=day, recorded_by=staff, recorded_at=_at(day))
            )
            following = plan.steps[i + 1].code if i + 1 < len(plan.steps) else None
            events.append(
                ReviewEvent(
                    review=review,
                    kind=ReviewEvent.Kind.STEP_COMPLETED,
                    step=step,
                    actor=staff,
                    at=_at(day),
                    data={"completed_on": day.isoformat(), "next_step": following},
                )
            )
        for pause in plan.pauses:
            pauses.append(pause)
            events.append(
                ReviewEvent(
                    review=review,
                    kind=ReviewEvent.Kind.PAUSED,
                    step=pause.step,
                    actor=staff,
                    at=_at(pause.paused_on, 11),
                    comment=pause.reason,
                    data={"paused_on": pause.paused_on.isoformat()},
                )
            )
            if pause.resumed_on:
                events.append(
                    ReviewEvent(
                        review=review,
                        kind=ReviewEvent.Kind.RESUMED,
                        step=pause.step,
                        actor=staff,
                        at=_at(pause.resumed_on, 11),
                        data={"resumed_on": pause.resumed_on.isoformat(), "paused_days": pause.days},
                    )
                )
        if review.current_step is not None:
            entries = timeline(
                review, plan.steps, completions[-len(plan.done) :], plan.pauses, today=as_of
            )  # the same computation as the services
            review.current_due = next((e.indicative for e in entries if e.is_current), None)
    StepCompletion.objects.bulk_create(completions, batch_size=5000)
    ReviewPause.objects.bulk_create(pauses, batch_size=5000)
    ReviewEvent.objects.bulk_create(events, batch_size=5000)
    CountryReview.objects.bulk_update(
        [p.review for p in plans],
        ["status", "current_step", "current_due", "started_on", "working_languages", "updated_at"],
        batch_size=1000,
    )
    return plans


PAUSE_REASONS = (
    "At the request of the State under review: general elections and change of Government.",
    "At the request of the State under review: the focal point changed and the new one is being named.",
    "Translation of the self-assessment into the working language of the review.",
)


def _pauses(rng, plan: Plan, as_of, staff) -> None:
    """One review in fifty in progress is paused now; one in twenty-five was paused once during
    a step it completed later."""
    from reviews.models import ReviewPause

    done = plan.done
    if len(done) >= 2 and rng.random() < 0.04:
        k = rng.randrange(1, len(done))
        start, end = done[k - 1][1], done[k][1]
        if (end - start).days >= 10:
            paused_on = start + datetime.timedelta(days=rng.randint(1, (end - start).days // 2))
            resumed_on = paused_on + datetime.timedelta(days=rng.randint(1, (end - paused_on).days - 1))
            plan.pauses.append(
                ReviewPause(
                    review=plan.review,
                    step=done[k][0],
                    paused_on=paused_on,
                    resumed_on=resumed_on,
                    reason=rng.choice(PAUSE_REASONS),
                    paused_by=staff,
                    resumed_by=staff,
                )
            )
    ongoing = done and len(done) < len(plan.steps) and plan.review.state.code not in (FOCAL_STATE, BIG_STATE)
    if ongoing and rng.random() < 0.02 and (as_of - done[-1][1]).days >= 2:
        paused_on = done[-1][1] + datetime.timedelta(days=rng.randint(1, min(120, (as_of - done[-1][1]).days)))
        plan.pauses.append(
            ReviewPause(
                review=plan.review,
                step=plan.steps[len(done)],
                paused_on=paused_on,
                reason=rng.choice(PAUSE_REASONS),
                paused_by=staff,
            )
        )


# --- Texts ------------------------------------------------------------------------------------------


class Texts:
    """Paragraphs of ``_texts.py`` per language, cut to the lengths wanted."""

    def __init__(self):
        from _texts import TEXTS

        self.pool = {}
        for language, texts in TEXTS.items():
            paragraphs = []
            for value in texts.values():
                if isinstance(value, dict):
                    value = [p for items in value.values() for p in items]
                paragraphs.extend(value)
            self.pool[language] = paragraphs
        self.kinds = TEXTS

    def text(self, rng, language: str, low: int, high: int, name: str) -> str:
        """Paragraphs of ``language`` up to a length drawn between ``low`` and ``high``
        (log-uniform: short texts are the most common)."""
        want = round(math.exp(rng.uniform(math.log(low), math.log(high))))
        pool, parts, length = self.pool[language], [], 0
        while length < want:
            paragraph = rng.choice(pool)
            parts.append(paragraph)
            length += len(paragraph) + 1
        text = "\n".join(parts)[:want]
        cut = text.rfind(" ", want - 40)
        return (text[:cut] if cut > 0 else text).replace("{state}", name)

    def finding(self, rng, language: str, kind: str, name: str) -> str:
        return rng.choice(self.kinds[language][kind]).replace("{state}", name)


def _name(state, language: str) -> str:
    from reviewmech.i18n import field_suffix

    return getattr(state, f"name_{field_suffix(language)}", "") or state.name_en


# --- Checklists ----------------------------------------------------------------------------------------


IMPLEMENTATION = (("fully", 40), ("partly", 40), ("not", 15), ("not_applicable", 5))


def _checklists(rng, plans: list[Plan], staff) -> None:
    """A checklist for every review past its initial steps; submitted (version 1, with the
    State's decision on publishing it) once the self-assessment step is completed."""
    from reference.models import Obligation, TechnicalAssistanceCategory
    from reviews.models import Checklist, ChecklistAnswer, ChecklistSubmission, ConsentDecision, ReviewEvent
    from reviews.services.checklist import articles_under_review

    texts = Texts()
    categories = list(TechnicalAssistanceCategory.objects.order_by("order"))
    articles = {}
    checklists, answers, submissions, decisions, events = [], [], [], [], []
    for plan in plans:
        review = plan.review
        opened = plan.index(SELF_ASSESSMENT)
        if len(plan.done) < opened:
            continue
        key = (review.cycle_id, review.instrument_id)
        if key not in articles:
            articles[key] = list(articles_under_review(review))
        submitted_on = plan.completed(SELF_ASSESSMENT)
        focal = review.state.code == FOCAL_STATE and review.cycle.mechanism.code == "irm" and review.cycle.number == 2
        plan.checklist = Checklist(
            review=review,
            status=Checklist.Status.SUBMITTED if submitted_on else Checklist.Status.DRAFT,
            consent_to_publish=bool(submitted_on) and rng.random() < 0.3,
            created_at=_at(plan.done[opened - 1][1], 12),
        )
        checklists.append(plan.checklist)
        filled = 1.0 if submitted_on else (0.8 if focal else rng.random())
        name = _name(review.state, plan.language)
        updated = _at(submitted_on or plan.done[-1][1], 9)
        for article in articles[key]:
            answer = ChecklistAnswer(checklist=plan.checklist, article=article, revision=0)
            if rng.random() < filled:
                _fill_answer(rng, answer, article, texts, plan.language, name, categories, Obligation)
                answer.revision = rng.randint(1, 12)
                answer.updated_at = updated
            answers.append(answer)
            plan.answers.append(answer)
        if submitted_on:
            rows = [_snapshot_row(answer) for answer in plan.answers]
            submissions.append(
                ChecklistSubmission(
                    checklist=plan.checklist,
                    number=1,
                    submitted_at=_at(submitted_on),
                    consent_to_publish=plan.checklist.consent_to_publish,
                    answers=rows,
                )
            )
            decisions.append(
                ConsentDecision(
                    review=review,
                    item=ConsentDecision.Item.SELF_ASSESSMENT,
                    decision="granted" if plan.checklist.consent_to_publish else "refused",
                    decided_on=submitted_on,
                    message="With the submission of version 1.",
                    recorded_at=_at(submitted_on),
                )
            )
            events.append(
                ReviewEvent(
                    review=review,
                    kind=ReviewEvent.Kind.CHECKLIST_SUBMITTED,
                    at=_at(submitted_on, 9),
                    data={"version": 1, "consent_to_publish": plan.checklist.consent_to_publish},
                )
            )
    Checklist.objects.bulk_create(checklists, batch_size=2000)
    ChecklistAnswer.objects.bulk_create(answers, batch_size=1000)
    ChecklistSubmission.objects.bulk_create(submissions, batch_size=200)
    ConsentDecision.objects.bulk_create(decisions, batch_size=5000)
    ReviewEvent.objects.bulk_create(events, batch_size=5000)


def _fill_answer(rng, answer, article, texts: Texts, language, name, categories, obligation) -> None:
    """An answer as States write them: a narrative of a few hundred to a few thousand
    characters, the legislation cited, often examples, sometimes statistics and needs."""
    choices = [value for value, _weight in IMPLEMENTATION]
    implementation = rng.choices(choices, weights=[weight for _value, weight in IMPLEMENTATION])[0]
    if implementation == "not_applicable" and article.obligation == obligation.MANDATORY:
        implementation = "partly"
    answer.implementation = implementation
    answer.narrative = texts.text(rng, language, 300, 3500, name)
    answer.legislation = texts.text(rng, language, 80, 600, name)
    answer.examples = texts.text(rng, language, 200, 2000, name) if rng.random() < 0.5 else ""
    answer.statistics = texts.text(rng, language, 100, 800, name) if rng.random() < 0.3 else ""
    if rng.random() < 0.25:
        answer.ta_category = rng.choice(categories)
        answer.ta_needs = texts.text(rng, language, 100, 700, name)


def _snapshot_row(answer) -> dict:
    """An answer as ``checklist_submit`` freezes it (``services.checklist._snapshot``)."""
    from reviews.models import ChecklistAnswer

    return {
        "article": answer.article.pk,
        "number": answer.article.number,
        **{name: getattr(answer, name) for name in ChecklistAnswer.CONTENT_FIELDS if name != "ta_category"},
        "ta_category": answer.ta_category.code if answer.ta_category else None,
        "revision": answer.revision,
        "attachments": [],
    }


# --- Findings ---------------------------------------------------------------------------------------------


KIND_WEIGHTS = {"good_practice": 15, "challenge": 25, "recommendation": 45, "ta_need": 15}


def _findings(rng, plans: list[Plan], staff) -> None:
    """About ``FINDINGS`` findings over the reviews past the drafting of their report (list of
    observations), in the review's language and in English; exactly ``BIG_REVIEW_FINDINGS``
    on one review."""
    from reference.models import TechnicalAssistanceCategory
    from reviews.models import Finding
    from reviews.services.checklist import articles_under_review

    texts = Texts()
    categories = list(TechnicalAssistanceCategory.objects.order_by("order"))
    eligible = [plan for plan in plans if plan.completed(FINDINGS_AFTER)]
    big = next(p for p in eligible if _is_big(p))
    others = [plan for plan in eligible if plan is not big]
    weights = [rng.uniform(0.2, 1.8) for _plan in others]
    scale = (FINDINGS - BIG_REVIEW_FINDINGS) / sum(weights)
    counts = [max(1, round(w * scale)) for w in weights]
    counts[-1] += FINDINGS - BIG_REVIEW_FINDINGS - sum(counts)  # exactly FINDINGS in all
    articles = {}
    findings = []
    for plan, count in [(big, BIG_REVIEW_FINDINGS), *zip(others, counts, strict=True)]:
        review = plan.review
        key = (review.cycle_id, review.instrument_id)
        if key not in articles:
            articles[key] = list(articles_under_review(review))
        drafted = _at(plan.completed(FINDINGS_AFTER), 15)
        order = defaultdict(int)
        names = {language: _name(review.state, language) for language in {"en", plan.language}}
        for _i in range(count):
            article = rng.choice(articles[key])
            kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
            text = {"text_en": texts.finding(rng, "en", kind, names["en"])}
            if plan.language != "en":
                text[f"text_{plan.language.replace('-', '_')}"] = texts.finding(
                    rng, plan.language, kind, names[plan.language]
                )
            completed = plan.review.status == "completed"
            findings.append(
                Finding(
                    review=review,
                    article=article,
                    kind=kind,
                    order=order[(article.pk, kind)],
                    ta_category=rng.choice(categories) if kind == "ta_need" else None,
                    follow_up_status=rng.choice(("not_started", "in_progress", "implemented"))
                    if completed
                    else "not_started",
                    created_by=staff,
                    created_at=drafted,
                    updated_at=drafted,
                    **text,
                )
            )
            order[(article.pk, kind)] += 1
    Finding.objects.bulk_create(findings, batch_size=2000)


def _is_big(plan: Plan) -> bool:
    review = plan.review
    return review.state.code == BIG_STATE and review.cycle.mechanism.code == "irm" and review.cycle.number == 2


# --- Summaries, documents, renditions -----------------------------------------------------------------


def roman(number: int) -> str:
    """1 to 39, as the symbols of the IRM cycles have them."""
    tens, units = divmod(number, 10)
    return "X" * tens + ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")[units]


def _reports(rng, plans: list[Plan], staff, as_of) -> None:
    """An executive summary (summary of the list of observations) agreed for each review past
    that step; published ones issued as documents with their six renditions; the PDF of each
    self-assessment the State agreed to publish."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType

    from documents.models import Document, Rendition
    from documents.services.registry import _symbol_fields
    from documents.symbols import parse_symbol
    from reviewmech.i18n import field_suffix
    from reviews.models import ChecklistSubmission, ReportSection, ReportTranslation, ReviewReport
    from reviews.services.issuing import report_titles

    texts = Texts()
    codes = [code for code, _name in settings.LANGUAGES]
    chapters = {}
    reports, published = [], []
    for plan in plans:
        agreed = plan.completed(AGREED)
        if not agreed:
            continue
        review = plan.review
        name = _name(review.state, plan.language)
        suffix = plan.language.replace("-", "_")
        on = plan.completed(PUBLISHED)
        report = ReviewReport(
            review=review,
            kind=ReviewReport.Kind.EXECUTIVE_SUMMARY,
            status=ReviewReport.Status.PUBLISHED if on else ReviewReport.Status.AGREED,
            original_language=plan.language,
            agreed_on=agreed,
            agreed_by=staff,
            published_on=on,
            published_by=staff if on else None,
            created_at=_at(plan.completed(FINDINGS_AFTER)),
            updated_at=_at(on or agreed),
            **{
                f"introduction_{suffix}": texts.text(rng, plan.language, 600, 1500, name),
                f"legal_framework_{suffix}": texts.text(rng, plan.language, 400, 1200, name),
            },
        )
        reports.append(report)
        if on:
            published.append(report)
    ReviewReport.objects.bulk_create(reports, batch_size=1000)
    sections, lines = [], []
    for report in reports:
        review = report.review
        key = (review.cycle_id, review.instrument_id)
        if key not in chapters:
            chapters[key] = list(review.cycle.chapters.filter(instrument_id=review.instrument_id).order_by("order"))
        for chapter in chapters[key] or [None]:
            sections.append(ReportSection(report=report, chapter=chapter))
        for code in codes:
            lines.append(
                ReportTranslation(
                    report=report,
                    language=code,
                    status=ReportTranslation.Status.CHECKED,
                    translator=None if code == report.original_language else staff,
                    updated_at=report.updated_at,
                )
            )
    ReportSection.objects.bulk_create(sections, batch_size=5000)
    ReportTranslation.objects.bulk_create(lines, batch_size=5000)

    # The published summaries' documents: the series of the mechanism's cycle (IRM) or the
    # working group's year (UNTOC), numbered in the order of publication.
    report_type = ContentType.objects.get_for_model(ReviewReport)
    numbers = defaultdict(int)
    documents = []
    titles_by_state = {}
    for report in sorted(published, key=lambda r: (r.published_on, r.review.pk)):
        review = report.review
        cycle = review.cycle
        if cycle.mechanism.code == "irm":
            series = f"CAC/COSP/IRG/{roman(cycle.number)}/1/1"
        else:
            series = f"CTOC/COP/WG.7/{report.published_on.year}/{cycle.number}"
        numbers[series] += 1
        symbol = parse_symbol(f"{series}/Add.{numbers[series]}")
        if review.state_id not in titles_by_state:
            titles_by_state[review.state_id] = report_titles(report)
        documents.append(
            Document(
                **_symbol_fields(symbol),
                **{f"title_{field_suffix(code)}": title for code, title in titles_by_state[review.state_id].items()},
                body=cycle.mechanism.overseen_by,
                issued_on=report.published_on,
                original_language=report.original_language,
                status=Document.Status.ISSUED,
                source_type=report_type,
                source_id=report.pk,
                created_by=staff,
                created_at=_at(report.agreed_on),
            )
        )
    Document.objects.bulk_create(documents, batch_size=2000)
    by_source = {document.source_id: document for document in documents}
    for report in published:
        report.document = by_source[report.pk]
    ReviewReport.objects.bulk_update(published, ["document"], batch_size=2000)

    renditions = []
    for report in published:
        finished = _at(report.published_on, 14)
        for code in codes:
            renditions.append(_rendition(rng, report_type, report.pk, code, finished, as_of))
    submission_type = ContentType.objects.get_for_model(ChecklistSubmission)
    consented = ChecklistSubmission.objects.filter(consent_to_publish=True).values_list(
        "pk", "submitted_at", "checklist__review__working_languages"
    )
    for pk, submitted_at, working in consented:
        renditions.append(_rendition(rng, submission_type, pk, (working or ["en"])[0], submitted_at, as_of))
    Rendition.objects.bulk_create(renditions, batch_size=5000)


def _rendition(rng, content_type, object_id, language, finished, as_of):
    """Done, as the workers leave them (a PDF of its language, content-addressed); one in two
    hundred failed, one in three hundred queued and never taken (stuck)."""
    from documents.models import Rendition

    digest = hashlib.sha256(f"{content_type.pk}:{object_id}:{language}".encode()).hexdigest()
    roll = rng.random()
    if roll < 0.005:
        return Rendition(
            content_type=content_type,
            object_id=object_id,
            language=language,
            status=Rendition.Status.FAILED,
            attempts=3,
            error="RuntimeError: the worker stopped while rendering",
            queued_at=finished,
            finished_at=finished,
            generation=1,
        )
    if roll < 0.008:
        return Rendition(
            content_type=content_type,
            object_id=object_id,
            language=language,
            status=Rendition.Status.QUEUED,
            queued_at=_at(as_of, 6),
            generation=1,
        )
    pages = rng.randint(7, 12)
    return Rendition(
        content_type=content_type,
        object_id=object_id,
        language=language,
        status=Rendition.Status.DONE,
        content_hash=digest,
        file=f"renditions/{content_type.app_label}.{content_type.model}/{object_id}/final/{language}-{digest[:16]}.pdf",
        size=pages * (46_000 if language == "zh-hans" else 4_200),
        pages=pages,
        attempts=1,
        render_count=1,
        render_ms=pages * rng.randint(80, 150),
        generation=1,
        queued_at=finished,
        started_at=finished,
        finished_at=finished,
        file_made_at=finished,
    )


# --- People ---------------------------------------------------------------------------------------------


def _people(plans: list[Plan], staff) -> None:
    """Kenya's focal point (its draft checklist is the focal point's), an expert of one of
    Kenya's reviewing States, and the member of the secretariat, all on Kenya's review."""
    from accounts.services import user_create
    from reviewmech.roles import Role
    from reviews.models import ChecklistAnswer, Participant
    from reviews.services.workflow import participant_recorded

    plan = next(
        p
        for p in plans
        if p.review.state.code == FOCAL_STATE and p.review.cycle.mechanism.code == "irm" and p.review.cycle.number == 2
    )
    review = plan.review
    reviewer = review.reviewer_assignments.filter(active=True, basis="same_group").select_related("state").first()
    focal = user_create(
        username=FOCAL_USERNAME,
        email="bench10-focal@reviewmech.localhost",
        password=None,
        role=Role.FOCAL_POINT,
        state=review.state,
        first_name="Amina",
        last_name="Odhiambo",
        organization="Ethics and Anti-Corruption Commission",
    )
    expert = user_create(
        username=EXPERT_USERNAME,
        email="bench10-expert@reviewmech.localhost",
        password=None,
        role=Role.EXPERT,
        state=reviewer.state,
        first_name="Julien",
        last_name="Moreau",
        preferred_language="fr",
    )
    for user, role, reviewing_state in (
        (staff, Role.SECRETARIAT, None),
        (focal, Role.FOCAL_POINT, None),
        (expert, Role.EXPERT, reviewer.state),
    ):
        participant = Participant(review=review, user=user, role=role, reviewing_state=reviewing_state)
        participant.full_clean()
        participant.save()
        participant_recorded(participant=participant, actor=staff, added=True)
    ChecklistAnswer.objects.filter(checklist__review=review).exclude(revision=0).update(updated_by=focal)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repetitions", type=int, default=DEFAULT_REPETITIONS)
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=DEFAULT_AS_OF)
    parser.add_argument("--rebuild", action="store_true", help="build again even if the stamp matches")
    args = parser.parse_args(argv)
    setup_django()
    stamp = prepare(args.seed, args.repetitions, args.as_of, rebuild=args.rebuild)
    print(f"Database {database_url()}: {database_size() / 2**20:,.0f} MB; built in {stamp['built_in_s']} s")
    for label, count in stamp["rows"].items():
        print(f"  {label:<28} {count:>9,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
