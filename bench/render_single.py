"""One executive summary of about ten A4 pages, rendered in-process in each of the six languages.

Per language: the time to build the HTML (``render_html``: database queries and templates), the
median of five HTML→PDF renders with ``reviewmech.pdf.render_pdf`` after one warm-up, the page
count and the size of the PDF. The medians are also written to ``var/bench/render_single.json``,
where ``render_batch.py`` reads them to compute its parallel efficiency.

With ``--phases``, it also splits the CPU time of the same renders into WeasyPrint's phases
(HTML parse, CSS cascade, box tree, layout, drawing, fonts subset and embedded, PDF written
and compressed) by timing those functions while ``render_pdf`` runs; see "Where the time
goes" in ``bench/README.md``.

    .venv/bin/python bench/render_single.py [--repeat 5] [--phases]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import _setup

RESULT = _setup.BENCH_DIR / "render_single.json"
#: An executive summary runs to 7–12 pages (DOMAIN.md); the benchmark's English one aims at ten.
ENGLISH_PAGES = range(9, 12)


def _timed(function, repeat: int, warmup: int = 1) -> dict:
    """Wall and CPU milliseconds of ``repeat`` calls after ``warmup`` calls, and the last result.
    The CPU time of this process tells how much a busy machine stretched the wall time."""
    result = None
    for _ in range(warmup):
        result = function()
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "median": statistics.median(wall),
        "min": min(wall),
        "max": max(wall),
        "cpu": statistics.median(cpu),
        "result": result,
    }


#: The phases of a render, in the order they run, and what to time for each (see _phase_timers).
PHASES = ("parse", "cascade", "boxes", "layout", "draw", "fonts", "write", "other")


@contextlib.contextmanager
def _phase_timers(totals: dict[str, float]):
    """While inside, add the CPU milliseconds spent in each phase of WeasyPrint to ``totals``.
    Patches the functions the phases call, and restores them on leaving."""
    import pydyf
    import weasyprint
    import weasyprint.document as document_module
    import weasyprint.pdf as pdf_module

    def timed(phase, function):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals[phase] = totals.get(phase, 0.0) + (time.process_time() - started) * 1000

        return wrapper

    def timed_generator(phase, function):
        def wrapper(*args, **kwargs):
            iterator = function(*args, **kwargs)
            while True:
                started = time.process_time()
                try:
                    item = next(iterator)
                except StopIteration:
                    return
                finally:
                    totals[phase] = totals.get(phase, 0.0) + (time.process_time() - started) * 1000
                yield item

        return wrapper

    patches = [
        (weasyprint.HTML, "__init__", timed("parse", weasyprint.HTML.__init__)),
        (document_module, "get_all_computed_styles", timed("cascade", document_module.get_all_computed_styles)),
        (document_module, "build_formatting_structure", timed("boxes", document_module.build_formatting_structure)),
        (document_module, "layout_document", timed_generator("layout", document_module.layout_document)),
        (document_module.Page, "paint", timed("draw", document_module.Page.paint)),
        (pdf_module, "build_fonts_dictionary", timed("fonts", pdf_module.build_fonts_dictionary)),
        (pydyf.PDF, "write", timed("write", pydyf.PDF.write)),
    ]
    saved = [(owner, name, owner.__dict__[name]) for owner, name, _ in patches]
    try:
        for owner, name, replacement in patches:
            setattr(owner, name, replacement)
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def measure_phases(htmls: dict[str, str], *, repeat: int = 5) -> dict[str, dict[str, float]]:
    """Per language: the median CPU milliseconds of each phase over ``repeat`` renders (after
    one warm-up), and ``other`` for what the phases leave out (options, metadata, the
    document's bookkeeping)."""
    from reviewmech import pdf

    rows = {}
    for language, html in htmls.items():
        pdf.render_pdf(html)
        samples = []
        for _ in range(repeat):
            totals: dict[str, float] = {}
            started = time.process_time()
            with _phase_timers(totals):
                pdf.render_pdf(html)
            total = (time.process_time() - started) * 1000
            totals["other"] = total - sum(totals.values())
            totals["total"] = total
            samples.append(totals)
        rows[language] = {
            phase: round(statistics.median(sample.get(phase, 0.0) for sample in samples), 1)
            for phase in (*PHASES, "total")
        }
    return rows


def print_phases(rows: dict[str, dict[str, float]], repeat: int) -> None:
    print()
    print(f"Where the CPU time of a render goes (ms, median of {repeat}; the timers add a little)")
    print()
    header = f"{'lang':<8} " + " ".join(f"{phase:>8}" for phase in (*PHASES, "total"))
    print(header)
    print("-" * len(header))
    for language, row in rows.items():
        print(f"{language:<8} " + " ".join(f"{row[phase]:>8.0f}" for phase in (*PHASES, "total")))
    print("-" * len(header))
    sums = {phase: sum(row[phase] for row in rows.values()) for phase in (*PHASES, "total")}
    print(f"{'6 langs':<8} " + " ".join(f"{sums[phase]:>8.0f}" for phase in (*PHASES, "total")))
    print(f"{'share':<8} " + " ".join(f"{sums[phase] / sums['total']:>8.0%}" for phase in (*PHASES, "total")))


def measure(report, *, repeat: int = 5) -> dict[str, dict]:
    """Per language: html_ms, render_ms (median wall time), render_min_ms, render_max_ms,
    render_cpu_ms (median CPU time of this process), pages, size."""
    from django.conf import settings

    from documents.kinds import render_html
    from documents.models import Rendition
    from reviewmech import pdf

    rows = {}
    for language, _name in settings.LANGUAGES:
        html = _timed(lambda language=language: render_html(report, language, Rendition.Variant.FINAL), repeat)
        render = _timed(lambda html=html["result"]: pdf.render_pdf(html), repeat)
        rows[language] = {
            "html_ms": round(html["median"], 1),
            "html_chars": len(html["result"]),
            "render_ms": round(render["median"], 1),
            "render_min_ms": round(render["min"], 1),
            "render_max_ms": round(render["max"], 1),
            "render_cpu_ms": round(render["cpu"], 1),
            "pages": render["result"].pages,
            "size": len(render["result"].data),
        }
    return rows


def versions() -> dict[str, str]:
    import weasyprint

    model = ""
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor()
    return {
        "cpu_model": model,
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
        "cpus": str(os.cpu_count()),
        "cpus_usable": str(len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else "?",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def print_table(report, rows: dict[str, dict], repeat: int) -> None:
    print()
    print(f"Executive summary {report.symbol} ({report.review.state.name_en}), rendered in this process")
    print(
        f"PDF render: median of {repeat} after one warm-up (min–max, and CPU time of this process); "
        f"HTML build: median of {repeat}"
    )
    print()
    header = (
        f"{'lang':<8} {'HTML ms':>8} {'render ms':>10} {'min–max ms':>13} {'CPU ms':>7} {'pages':>6} "
        f"{'ms/page':>8} {'size KB':>8}"
    )
    print(header)
    print("-" * len(header))
    for language, row in rows.items():
        spread = f"{row['render_min_ms']:.0f}–{row['render_max_ms']:.0f}"
        print(
            f"{language:<8} {row['html_ms']:>8.1f} {row['render_ms']:>10.0f} {spread:>13} "
            f"{row['render_cpu_ms']:>7.0f} {row['pages']:>6} "
            f"{row['render_ms'] / row['pages']:>8.0f} {row['size'] / 1024:>8.1f}"
        )
    print("-" * len(header))
    total_render = sum(r["render_ms"] for r in rows.values())
    total_html = sum(r["html_ms"] for r in rows.values())
    print(
        f"{'6 langs':<8} {total_html:>8.1f} {total_render:>10.0f} {'':>13} "
        f"{sum(r['render_cpu_ms'] for r in rows.values()):>7.0f} {sum(r['pages'] for r in rows.values()):>6} "
        f"{'':>8} {sum(r['size'] for r in rows.values()) / 1024:>8.1f}"
    )
    print(f"median of the six per-language medians: {statistics.median(r['render_ms'] for r in rows.values()):.0f} ms")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed renders per language (default 5)")
    parser.add_argument("--phases", action="store_true", help="also split the CPU time into WeasyPrint's phases")
    args = parser.parse_args(argv)

    _setup.setup_django()
    report = _setup.prepare()[0]
    info = versions()
    print(
        f"Python {info['python']}, WeasyPrint {info['weasyprint']}, {info['cpus']} CPUs "
        f"({info['cpus_usable']} usable, {info['cpu_model']}), load average {info['load']}"
    )
    started = time.monotonic()
    rows = measure(report, repeat=args.repeat)
    print_table(report, rows, args.repeat)
    phases = None
    if args.phases:
        from django.conf import settings

        from documents.kinds import render_html
        from documents.models import Rendition

        htmls = {code: render_html(report, code, Rendition.Variant.FINAL) for code, _name in settings.LANGUAGES}
        phases = measure_phases(htmls, repeat=args.repeat)
        print_phases(phases, args.repeat)
    print(f"(measured in {time.monotonic() - started:.0f} s; load average now {versions()['load']})")

    RESULT.write_text(
        json.dumps(
            {
                "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "code": _setup.current_code(),
                "inputs": _setup.inputs_digest(),
                "symbol": report.symbol,
                "repeat": args.repeat,
                **info,
                "languages": rows,
                **({"phases": phases} if phases else {}),
            },
            indent=2,
        )
    )
    english = rows["en"]["pages"]
    if english not in ENGLISH_PAGES:
        print(f"WARNING: the English summary has {english} pages; the benchmark is meant for about ten.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
