"""Reading the PDFs the workers make, with poppler's command-line tools."""

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

POPPLER = bool(shutil.which("pdftotext") and shutil.which("pdffonts"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts) not installed")


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFKC", out.stdout)


def pdf_layout(path: Path, *, page: int) -> str:
    """One page's text with its layout kept: a table's row stays on one line."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return unicodedata.normalize("NFKC", out.stdout)


def pdf_fonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
