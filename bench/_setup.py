"""A throwaway database for the benchmarks: N agreed executive summaries of about ten A4 pages,
each in the six languages, on real States of the UNCAC second cycle.

By default a SQLite file under ``var/bench/``; with ``BENCH_DATABASE_URL`` a PostgreSQL
database whose name contains "bench" (it is emptied). The database is built once and reused
while this file, the texts, the migrations and the number of summaries stay the same (a stamp
under ``var/bench/`` records them); ``BENCH_REBUILD=1`` forces a rebuild.

Everything Django needs is set here, before ``django.setup()``: the benchmarks never touch the
developer's database or media folder.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE_PATH = BENCH_DIR / "bench.sqlite3"
MEDIA_ROOT = BENCH_DIR / "media"
STAMP = BENCH_DIR / "stamp.json"

DEFAULT_SUMMARIES = 50
SYMBOL = "CAC/COSP/IRG/II/1/1/Add.{n}"
STAFF_USERNAME = "bench-secretariat"


def findings_per_article(index: int) -> tuple[tuple[str, int], ...]:
    """The findings recorded on the ``index``-th article (kind, how many): the same pattern in
    every summary, so that all are about as long (19 articles, 105 findings: ~10 pages in English)."""
    return (("good_practice", 1), ("challenge", 2 if index % 2 == 0 else 1), ("recommendation", 2), ("ta_need", 1))


def database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        name = url.rsplit("/", 1)[-1].split("?", 1)[0]
        if "bench" not in name:
            sys.exit(f"BENCH_DATABASE_URL must name a throwaway database with 'bench' in its name (got {name!r}).")
        return url
    return f"sqlite:///{SQLITE_PATH}"


def environment(broker: str | None = None) -> dict[str, str]:
    """The variables the benchmark, and any worker it starts, run with."""
    env = {
        "DJANGO_SETTINGS_MODULE": "reviewmech.settings",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
    }
    if broker:
        env["CELERY_BROKER_URL"] = broker
        env["CELERY_RESULT_BACKEND"] = broker
    return env


def setup_django(broker: str | None = None) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.update(environment(broker))
    for path in (str(ROOT), str(Path(__file__).resolve().parent)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def _stamp(summaries: int) -> dict:
    migrations = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("*/migrations/0*.py"))
    digest = hashlib.sha256()
    for path in (Path(__file__), Path(__file__).with_name("_texts.py")):
        digest.update(path.read_bytes())
    digest.update("\n".join(migrations).encode())
    return {"database": database_url(), "code": digest.hexdigest(), "summaries": summaries}


def current_code() -> str:
    """What the benchmark documents are made of: this file, the texts and the migrations."""
    return _stamp(0)["code"]


def templates_digest() -> str:
    """What the PDFs look like: the templates and styles under ``templates/pdf/``."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "templates" / "pdf").glob("*")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def inputs_digest() -> str:
    """Everything a worker reads to make the HTML of a PDF, besides the database: templates,
    compiled translations, template tags and the document code. If it changes during a run,
    re-renders are expected."""
    digest = hashlib.sha256(templates_digest().encode())
    patterns = (
        "locale/*/LC_MESSAGES/*.mo",
        "reviewmech/templatetags/*.py",
        "reviews/document_kinds/*.py",
        "documents/*.py",
    )
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    for name in ("reviewmech/i18n.py", "reviewmech/pdf.py"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def _is_current(summaries: int) -> bool:
    if os.environ.get("BENCH_REBUILD") or not STAMP.exists():
        return False
    stamp = json.loads(STAMP.read_text())
    wanted = _stamp(summaries)
    if stamp["database"] != wanted["database"] or stamp["code"] != wanted["code"]:
        return False
    if stamp["summaries"] < summaries:
        return False
    return not wanted["database"].startswith("sqlite") or SQLITE_PATH.exists()


def prepare(summaries: int = DEFAULT_SUMMARIES, *, quiet: bool = False) -> list:
    """The benchmark's executive summaries (agreed, unpublished or published), building the
    database first if it is missing or out of date."""
    from reviews.models import ReviewReport

    if not _is_current(summaries):
        started = time.monotonic()
        if not quiet:
            print(f"Building the benchmark database ({database_url()}): {summaries} summaries...", flush=True)
        _build(summaries)
        STAMP.write_text(json.dumps(_stamp(summaries)))
        if not quiet:
            print(f"  built in {time.monotonic() - started:.1f} s", flush=True)
    reports = list(
        ReviewReport.objects.filter(kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, document__symbol__startswith=SYMBOL[:20])
        .select_related("review__state")
        .order_by("pk")[:summaries]
    )
    if len(reports) < summaries:
        raise SystemExit(f"Expected {summaries} summaries in the benchmark database, found {len(reports)}.")
    return reports


def staff_user():
    from accounts.models import User

    return User.objects.get(username=STAFF_USERNAME)


def reset_renditions() -> None:
    """Forget every rendition and its file, and take the summaries back to "agreed": the next
    publication renders everything from scratch."""
    from documents.models import Rendition
    from reviews.models import ReviewReport

    Rendition.objects.all().delete()
    shutil.rmtree(MEDIA_ROOT / "renditions", ignore_errors=True)
    ReviewReport.objects.filter(status=ReviewReport.Status.PUBLISHED).update(
        status=ReviewReport.Status.AGREED, published_on=None, published_by=None
    )


# --- Building ---------------------------------------------------------------------------------


def _wipe() -> None:
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    if database_url().startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
    else:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
    STAMP.unlink(missing_ok=True)


def _build(summaries: int) -> None:
    from django.core.management import call_command

    from accounts.services import user_create
    from reviewmech.roles import Role

    _wipe()
    call_command("load_reference_data", stdout=io.StringIO())
    staff = user_create(
        username=STAFF_USERNAME,
        email="bench@reviewmech.localhost",
        password=None,
        role=Role.SECRETARIAT,
        first_name="Bench",
        last_name="Secretariat",
    )
    for n, state in enumerate(_states(summaries), start=1):
        _summary(n, state, staff)


def _states(count: int):
    """``count`` States parties to UNCAC, spread over the alphabet (and so over the regions)."""
    from reference.models import Party

    states = [
        party.state
        for party in Party.objects.filter(instrument__code="uncac").select_related("state").order_by("state__code")
    ]
    if len(states) < count:
        raise SystemExit(f"Only {len(states)} States parties to UNCAC in the reference data; asked for {count}.")
    step = len(states) / count
    return [states[int(i * step)] for i in range(count)]


def _fill(text: str, state, language: str) -> str:
    from reviewmech.i18n import field_suffix

    name = getattr(state, f"name_{field_suffix(language)}", "") or state.name_en
    return text.replace("{state}", name)


def _summary(n: int, state, staff):
    """One agreed executive summary, through the services, with its findings in bulk."""
    from _texts import TEXTS
    from django.conf import settings

    from reference.models import Article, ReviewCycle, TechnicalAssistanceCategory
    from reviewmech.i18n import field_suffix
    from reviews.models import CountryReview, Finding, ReportTranslation, ReviewReport
    from reviews.services import reports

    cycle = ReviewCycle.objects.get(mechanism__code="irm", number=2)
    chapters = list(cycle.chapters.filter(instrument__code="uncac").order_by("order"))
    review = CountryReview.objects.create(
        cycle=cycle,
        state=state,
        instrument=chapters[0].instrument,
        year=cycle.start_year + (n - 1) % 5,
        # The summary is published at the end of the review; the workflow is not the subject here.
        status=CountryReview.Status.COMPLETED,
        working_languages=["en"],
    )
    report = reports.report_open(review=review, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, actor=staff)
    sections = {s.chapter.number: s.pk for s in report.sections.select_related("chapter")}
    languages = [code for code, _name in settings.LANGUAGES]
    for language in languages:
        texts = TEXTS[language]
        data = {
            "introduction": "\n".join(_fill(p, state, language) for p in texts["introduction"]),
            "legal_framework": "\n".join(_fill(p, state, language) for p in texts["legal_framework"]),
            "sections": {
                pk: "\n".join(_fill(p, state, language) for p in texts["narrative"][number])
                for number, pk in sections.items()
            },
        }
        if language == "en":
            data["symbol"] = SYMBOL.format(n=n)
        reports.report_update(report=report, actor=staff, language=language, data=data)

    categories = list(TechnicalAssistanceCategory.objects.order_by("order"))
    articles = Article.objects.filter(chapter__in=chapters).order_by("number")
    findings = []
    for a, article in enumerate(articles):
        for kind, count in findings_per_article(a):
            for order in range(count):
                variant = a + n + 3 * order  # rotate the paragraphs over articles and reviews
                texts = {
                    f"text_{field_suffix(lang)}": _fill(
                        TEXTS[lang][kind][variant % len(TEXTS[lang][kind])], state, lang
                    )
                    for lang in languages
                }
                findings.append(
                    Finding(
                        review=review,
                        article=article,
                        kind=kind,
                        order=order,
                        ta_category=categories[variant % len(categories)] if kind == "ta_need" and categories else None,
                        created_by=staff,
                        **texts,
                    )
                )
    Finding.objects.bulk_create(findings)

    for language in languages:
        reports.translation_set(
            report=report, actor=staff, language=language, status=ReportTranslation.Status.CHECKED, translator=staff
        )
    return reports.report_agree(report=report, actor=staff)
