"""The implementation and the technical assistance category in the offline checklist: written
as the label of the choice in the export's language, read back from any of the six languages;
a text that names no choice is shown and never saved.

Kenya's UNCAC cycle-2 review (articles 5–14 and 52–59).
"""

import io
import json

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from docx.table import Table
from docx.text.paragraph import Paragraph

from reference.models import TechnicalAssistanceCategory
from reviews.services import checklist_offline as offline
from reviews.services.checklist import checklist_open
from tests.reviews.test_checklist_offline import answer, key, save

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def checklist(review):
    checklist = checklist_open(review=review)
    checklist.review = review
    return checklist


def category(code):
    return TechnicalAssistanceCategory.objects.get(code=code)


def export(checklist, actor, language="en"):
    return offline.checklist_export(checklist=checklist, actor=actor, kind="docx", language=language).content


def boxes(content: bytes) -> dict[str, str]:
    """Each key of the file with the text of its box."""
    document = docx.Document(io.BytesIO(content))
    found, pending = {}, None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and block.text.startswith("[Q-"):
            pending = block.text
        elif isinstance(block, Table) and pending:
            found[pending] = "\n".join(p.text for p in block.cell(0, 0).paragraphs)
            pending = None
    return found


def edit(content: bytes, changes: dict[str, str], drop: tuple[str, ...] = ()) -> bytes:
    """The file with the box under each key of ``changes`` rewritten, and the questions whose key
    ends with one of ``drop`` removed (with their box)."""
    document = docx.Document(io.BytesIO(content))
    pending, removing = None, False
    for block in list(document.iter_inner_content()):
        if isinstance(block, Paragraph) and block.text.startswith("[Q-"):
            removing = block.text.endswith(drop) if drop else False
            pending = block.text
            if removing:
                block._element.getparent().remove(block._element)
        elif isinstance(block, Table) and pending:
            if removing:
                block._element.getparent().remove(block._element)
            elif pending in changes:
                cell = block.cell(0, 0)
                for p in cell.paragraphs[1:]:
                    p._element.getparent().remove(p._element)
                cell.paragraphs[0].text = changes[pending]
            pending = None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def read(checklist, actor, content):
    upload = SimpleUploadedFile("checklist.docx", content, content_type="application/octet-stream")
    return offline.checklist_import_read(checklist=checklist, actor=actor, upload=upload)


def test_export_writes_each_choice_as_its_label_in_the_files_language(checklist, focal):
    save(checklist, focal, 5, implementation="partly", ta_category=category("legislative"))
    english, french = boxes(export(checklist, focal)), boxes(export(checklist, focal, "fr"))
    assert english[key(checklist, 5, "implementation")] == "Partly implemented"
    assert english[key(checklist, 5, "ta_category")] == "Legislative assistance"
    assert french[key(checklist, 5, "ta_category")] == "Assistance législative"
    assert english[key(checklist, 6, "implementation")] == "" and english[key(checklist, 6, "ta_category")] == ""


def test_choices_written_in_another_language_are_taken(client, review, checklist, focal):
    """An English export answered by a ministry in French, Russian and Chinese."""
    save(checklist, focal, 5, implementation="partly", ta_category=category("legislative"))
    content = edit(
        export(checklist, focal),
        {
            key(checklist, 5, "implementation"): "Pleinement appliqué",
            key(checklist, 6, "implementation"): "Не осуществляется",
            key(checklist, 6, "ta_category"): "  能力建设和培训。 ",
            key(checklist, 5, "ta_category"): "",
        },
    )
    client.force_login(focal)
    response = client.post(
        reverse("reviews:checklist_offline_import", args=[review.pk]),
        {"file": SimpleUploadedFile("checklist.docx", content)},
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    rows = {(row["number"], row["field"]): row for row in page.context["rows"]}
    assert set(rows) == {(5, "implementation"), (5, "ta_category"), (6, "implementation"), (6, "ta_category")}
    assert [(p.op, p.text) for p in rows[(5, "implementation")]["diff"]] == [
        ("del", "Partly implemented"),
        ("equal", " → "),
        ("ins", "Fully implemented"),
    ]
    assert [p.text for p in rows[(5, "ta_category")]["diff"]][-1] == "none"
    response = client.post(response["Location"], {f"q{row['index']}": "take" for row in rows.values()})
    assert response.status_code == 302
    five, six = answer(checklist, 5), answer(checklist, 6)
    assert five.implementation == "fully" and five.ta_category is None
    assert six.implementation == "not" and six.ta_category == category("capacity_building")


def test_a_choice_that_names_none_is_shown_with_the_choices_and_never_saved(client, review, checklist, focal):
    save(checklist, focal, 5, implementation="partly")
    content = edit(
        export(checklist, focal),
        {key(checklist, 5, "implementation"): "Mostly done", key(checklist, 5, "narrative"): "Done in 2019."},
    )
    preview = read(checklist, focal, content)
    statuses = {i["field"]: i["status"] for i in preview["items"]}
    assert statuses == {"implementation": "bad_choice", "narrative": "changed"}
    client.force_login(focal)
    response = client.post(
        reverse("reviews:checklist_offline_import", args=[review.pk]),
        {"file": SimpleUploadedFile("checklist.docx", content)},
    )
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "names none of the choices" in html and "Not applicable" in html
    bad = next(row for row in page.context["rows"] if row["status"] == "bad_choice")
    assert f'name="q{bad["index"]}"' not in html  # no choice offered
    client.post(response["Location"], {f"q{row['index']}": "take" for row in page.context["rows"]})
    five = answer(checklist, 5)
    assert five.implementation == "partly" and five.narrative == "Done in 2019."


def test_a_choice_changed_online_since_the_export_is_a_conflict(checklist, focal, staff):
    content = export(checklist, focal)
    save(checklist, staff, 5, implementation="not")
    preview = read(checklist, focal, edit(content, {key(checklist, 5, "implementation"): "Fully implemented"}))
    (item,) = preview["items"]
    assert item["status"] == "conflict" and item["text"] == "fully" and not offline.default_take(item)
    # Changed online but not in the file: the online choice stands, nothing to preview.
    preview = read(checklist, focal, content)
    assert preview["items"] == [] and preview["kept_online"] == [key(checklist, 5, "implementation")]


def test_a_file_exported_before_choices_were_questions_misses_nothing(checklist, focal):
    """Files exported before this change carried the choices as read-only lines: they have no
    choice questions and no fingerprints of them, and are read as before."""
    content = edit(export(checklist, focal), {}, drop=("-implementation]", "-ta_category]"))
    document = docx.Document(io.BytesIO(content))
    custom = next(p for p in document.part.package.iter_parts() if p.partname == "/docProps/custom.xml")
    meta = json.loads(custom.blob.decode().split("<vt:lpwstr>")[1].split("</vt:lpwstr>")[0])
    meta["fingerprints"] = {k: v for k, v in meta["fingerprints"].items() if k.endswith(offline.TEXT_FIELDS)}
    custom._blob = (
        custom.blob.decode()
        .replace(
            custom.blob.decode().split("<vt:lpwstr>")[1].split("</vt:lpwstr>")[0],
            json.dumps(meta).replace("&", "&amp;").replace("<", "&lt;"),
        )
        .encode()
    )
    out = io.BytesIO()
    document.save(out)
    preview = read(checklist, focal, out.getvalue())
    assert preview["items"] == [] and preview["missing"] == []
    assert preview["unchanged"] == checklist.answers.count() * len(offline.TEXT_FIELDS)


# --- A submitted version as a file, for reading -------------------------------------------------

MANDATORY = [5, 6, 8, 9, 10, 11, 12, 13, 14, 52, 53, 54, 55, 57]


@pytest.fixture
def submitted(checklist, focal, staff):
    """Version 1 submitted; the draft changed since (a reopening, article 9 rewritten)."""
    from reviews.services.checklist import checklist_reopen, checklist_submit

    for number in MANDATORY:
        save(checklist, focal, number, implementation="fully", narrative=f"The Act of 2003 applies ({number}).")
    save(checklist, focal, 6, ta_category=category("technology"))
    checklist_submit(checklist=checklist, actor=focal, consent_to_publish=False)
    checklist_reopen(checklist=checklist, actor=staff, reason="Article 9 needs statistics")
    save(checklist, focal, 9, narrative="A draft not submitted yet.")
    return checklist


def version_url(review, number=1, **params):
    query = "&".join(f"{k}={v}" for k, v in ({"format": "docx", "language": "en"} | params).items())
    return f"{reverse('reviews:checklist_version_export', args=[review.pk, number])}?{query}"


def test_experts_and_observers_download_the_submitted_version_never_the_draft(
    client, review, submitted, expert, observer
):
    for person in (expert, observer):
        client.force_login(person)
        page = client.get(reverse("reviews:checklist", args=[review.pk]))
        assert version_url(review).split("?")[0] in page.content.decode()
        response = client.get(version_url(review, language="fr"))
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
        assert 'filename="checklist-KEN-version-1.docx"' in response["Content-Disposition"]
        found = boxes(response.content)
        assert found[key(submitted, 9, "narrative")] == "The Act of 2003 applies (9)."
        assert found[key(submitted, 9, "implementation")] == "Pleinement appliqué"
        assert found[key(submitted, 6, "ta_category")] == "Assistance technologique"
        with translation.override("fr"):
            title = gettext("Self-assessment checklist, version %(number)s") % {"number": 1}
        assert docx.Document(io.BytesIO(response.content)).paragraphs[0].text == title
    response = client.get(version_url(review, format="odt", language="ar"))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_the_version_file_cannot_be_uploaded_back(client, review, submitted, expert, focal):
    client.force_login(expert)
    content = client.get(version_url(review, language="es")).content
    with pytest.raises(ValidationError) as refused:
        read(submitted, focal, content)  # the draft is open again: only the file is refused
    assert refused.value.code == "version_file"
    assert "cannot be uploaded" in " ".join(refused.value.messages)


@pytest.mark.parametrize("who", ["outsider_expert", "uganda_focal"])
def test_the_version_file_is_refused_to_those_outside_the_review(client, review, submitted, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(version_url(review)).status_code == 404


def test_the_version_file_needs_a_sign_in_and_an_existing_version(client, review, submitted, expert):
    response = client.get(version_url(review))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(expert)
    assert client.get(version_url(review, number=7)).status_code == 404
    assert client.get(version_url(review, format="pdf")).status_code == 302  # back with a message
