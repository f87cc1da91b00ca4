"""The checklist's files through a real word processor: exported, opened and saved again by
LibreOffice Writer (headless), uploaded back. What the ministries actually do with the file —
a re-save rewrites every part of the package (styles, tables, properties) — must not change
an answer, nor lose the codes that match each answer with its question.

LibreOffice is a system package (``libreoffice-writer-nogui``, installed by
``scripts/system_deps.sh --office``, which CI passes): without it these tests skip on a
developer's machine and fail under ``CI=true``.
"""

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reviews.services import checklist_offline as offline
from reviews.services.checklist import answer_save, checklist_open
from tests.conftest import service_missing
from tests.reviews.test_checklist_offline import edit_docx

pytestmark = [pytest.mark.usefixtures("reference_data"), pytest.mark.office]

ARABIC = "تنفذ المادة بموجب قانون مكافحة الفساد لعام ٢٠٠٣.\nوتتابع اللجنة الوطنية التنفيذ."
CHINESE = "本条由2003年《反腐败和经济犯罪法》实施。\n国家委员会负责监督。"
RUSSIAN = "Статья осуществляется Законом о борьбе с коррупцией и экономическими преступлениями 2003 года."

#: The filter names LibreOffice gives the two formats.
FILTERS = {"docx": "docx:MS Word 2007 XML", "odt": "odt:writer8"}


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        service_missing("LibreOffice (soffice) is not installed: scripts/system_deps.sh --office")
    return found


def resave(content: bytes, source: str, target: str, tmp_path: Path) -> bytes:
    """``content`` (a .``source`` file) opened and saved as .``target`` by LibreOffice."""
    folder = tmp_path / f"lo-{source}-{target}"
    (folder / "in").mkdir(parents=True)
    (folder / "in" / f"checklist.{source}").write_bytes(content)
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            FILTERS[target],
            "--outdir",
            str(folder / "out"),
            str(folder / "in" / f"checklist.{source}"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = (folder / "out" / f"checklist.{target}").read_bytes()
    # Written by LibreOffice, not passed through: its name is in the package's properties.
    with zipfile.ZipFile(io.BytesIO(saved)) as package:
        assert b"LibreOffice" in package.read("docProps/app.xml" if target == "docx" else "meta.xml")
    return saved


@pytest.fixture
def checklist(review, focal):
    checklist = checklist_open(review=review)
    checklist.review = review
    for number, data in {
        5: {"narrative": "First paragraph.\n\nSecond paragraph,\twith a tab.", "statistics": "47 counties"},
        6: {"narrative": ARABIC, "legislation": CHINESE},
        7: {"narrative": RUSSIAN, "examples": "- one\n- two"},
    }.items():
        answer = checklist.answers.get(article__number=number)
        answer_save(answer=answer, actor=focal, data=data, revision=answer.revision)
    return checklist


def read(checklist, actor, content, kind):
    upload = SimpleUploadedFile(f"resaved.{kind}", content, content_type="application/octet-stream")
    return offline.checklist_import_read(checklist=checklist, actor=actor, upload=upload)


def export(checklist, actor, kind, language="en"):
    return offline.checklist_export(checklist=checklist, actor=actor, kind=kind, language=language).content


@pytest.mark.parametrize(
    ("exported", "saved_as", "language"),
    [("docx", "docx", "en"), ("odt", "odt", "ar"), ("docx", "odt", "fr"), ("odt", "docx", "zh-hans")],
)
def test_a_file_saved_again_by_libreoffice_changes_nothing(checklist, focal, tmp_path, exported, saved_as, language):
    content = resave(export(checklist, focal, exported, language), exported, saved_as, tmp_path)
    preview = read(checklist, focal, content, saved_as)
    assert preview["items"] == []
    assert preview["missing"] == [] and preview["unknown"] == [] and preview["duplicates"] == []
    assert preview["unchanged"] == checklist.answers.count() * len(offline.QUESTION_FIELDS)


def test_answers_edited_then_saved_by_libreoffice_are_exactly_the_changes(checklist, focal, tmp_path):
    """Edited with python-docx, then opened and saved by LibreOffice (as a ministry would
    after a colleague's edit): exactly the edited answers differ, in the three scripts."""
    key = offline.question_key
    changes = {
        key(checklist.pk, 5, "narrative"): "Le premier paragraphe.\n\nUn second.",
        key(checklist.pk, 8, "legislation"): ARABIC,
        key(checklist.pk, 9, "statistics"): CHINESE,
    }
    edited = edit_docx(export(checklist, focal, "docx"), changes)
    content = resave(edited, "docx", "docx", tmp_path)
    preview = read(checklist, focal, content, "docx")
    assert {i["key"]: i["text"] for i in preview["items"]} == changes
    assert all(i["status"] == "changed" for i in preview["items"])
