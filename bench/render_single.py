"""One executive summary of about ten A4 pages, rendered in-process in each of the six languages.

Per language: the time to build the HTML (``render_html``: database queries and templates), the
median of five HTML→PDF renders with ``reviewmech.pdf.render_pdf`` after one warm-up, the page
count and the size of the PDF. The medians are also written to ``var/bench/render_single.json``,
where ``render_batch.py`` reads them to compute its parallel efficiency.

    .venv/bin/python bench/render_single.py [--repeat 5]
"""

from __future__ import annotations

import argparse
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
