"""The self-assessment offline: export the checklist to DOCX or ODT, read an edited file
back into a preview, apply the answers the focal point takes — through ``answer_save``, so
the same revisions and optimistic locking hold as on the web form.

A question is one text field of one article's answer, keyed ``[Q-<checklist>-<article>-<field>]``
in the file. The export records, for each article, the answer's revision and a fingerprint of
each text: on import, an answer that changed online since the export while the file changed it
too is a conflict (kept by default); an answer changed online but not in the file is left as it
is online.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from documents.files import FileKind, check_office_package, clean_filename, megabytes, sniff_kind
from reference.models import TechnicalAssistanceCategory
from reviewmech.i18n import is_rtl, translated

from .. import answer_text
from ..access import can_edit_checklist, can_read_draft_checklist, can_read_submitted_checklist
from ..models import Checklist, ChecklistAnswer, ChecklistSubmission
from . import checklist_formats as formats
from .checklist import AnswerConflict, answer_save, checklist_sections, section_key, section_title

#: The answer's text fields a file carries.
TEXT_FIELDS = ("narrative", "legislation", "examples", "statistics", "ta_needs")
#: The answer's choices a file carries as text: the label of the choice in any of the six
#: languages (or the category's name), or nothing.
CHOICE_FIELDS = ("implementation", "ta_category")
#: Every question of an article in the file, in the order of the web form.
QUESTION_FIELDS = ChecklistAnswer.CONTENT_FIELDS
#: The same limit as the web form's (``AnswerForm.MAX_LENGTH``).
MAX_ANSWER_LENGTH = 20000
FORMAT = "reviewmech-checklist"
#: A submitted version exported for reading: never read back.
VERSION_FORMAT = "reviewmech-checklist-version"
FORMAT_VERSION = 1
SESSION_KEY = "checklist-import-%s"


def max_upload_bytes() -> int:
    return getattr(settings, "CHECKLIST_IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "CHECKLIST_IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)


def max_members() -> int:
    return getattr(settings, "CHECKLIST_IMPORT_MAX_MEMBERS", 1000)


def max_preview_bytes() -> int:
    return getattr(settings, "CHECKLIST_IMPORT_SESSION_MAX_BYTES", 1024 * 1024)


def question_key(checklist_id: int, number: int, field: str) -> str:
    return f"[Q-{checklist_id}-{number}-{field}]"


def clean_answer_text(text: str | None) -> str:
    """An answer's text as the web form keeps it: one line ending, no control characters (the
    form refuses NUL), no leading or trailing whitespace (``CharField(strip=True)``)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return text.strip()


def fingerprint(text: str) -> str:
    return hashlib.sha256(clean_answer_text(text).encode()).hexdigest()[:16]


def _label(name: str) -> str:
    return str(capfirst(ChecklistAnswer._meta.get_field(name).verbose_name))


# --- Choices written as text ---------------------------------------------------------------------


def _normalised(text: str) -> str:
    """A choice as typed, for matching: one line, no case, no spacing or closing punctuation."""
    text = unicodedata.normalize("NFKC", clean_answer_text(text)).casefold()
    return " ".join(text.split()).strip(" .;:,،؛。；：，")


def stored_value(answer: ChecklistAnswer, field: str) -> str:
    """A question's value as the file's fingerprints and the preview compare it: the text, the
    implementation's key, the technical assistance category's id (empty when none)."""
    if field == "ta_category":
        return str(answer.ta_category_id or "")
    if field in TEXT_FIELDS:
        # Written the one way a file gives it back (same meaning): an unchanged file is no change.
        return answer_text.canonical(clean_answer_text(getattr(answer, field)))
    return clean_answer_text(getattr(answer, field))


def choice_label(field: str, value: str, categories: dict | None = None) -> str:
    """The label of a stored choice in the active language ("" for none)."""
    if not value:
        return ""
    if field == "implementation":
        return str(dict(ChecklistAnswer.Implementation.choices).get(value, value))
    if categories is None:
        categories = {str(c.pk): c for c in TechnicalAssistanceCategory.objects.all()}
    category = categories.get(str(value))
    return translated(category, "name").text if category else str(value)


class ChoiceReader:
    """Reads the implementation and the technical assistance category from the file's text:
    the label of a choice in any of the six languages (so a file exported in one language may
    be answered in another), the choice's code, or "None"; nothing written means none."""

    def __init__(self):
        self.categories = {str(c.pk): c for c in TechnicalAssistanceCategory.objects.order_by("order", "code")}
        self.tables: dict[str, dict[str, str]] = {"implementation": {}, "ta_category": {}}
        implementation, categories = self.tables["implementation"], self.tables["ta_category"]
        for value, _text in ChecklistAnswer.Implementation.choices:
            implementation[_normalised(value)] = value
        for pk, category in self.categories.items():
            categories[_normalised(category.code)] = pk
        for language, _name in settings.LANGUAGES:
            suffix = language.replace("-", "_")
            with translation.override(language):
                for value, text in ChecklistAnswer.Implementation.choices:
                    implementation.setdefault(_normalised(str(text)), value)
                categories.setdefault(_normalised(_("None")), "")
            for pk, category in self.categories.items():
                name = getattr(category, f"name_{suffix}", "") or ""
                if name:
                    categories.setdefault(_normalised(name), pk)

    def read(self, field: str, text: str) -> str | None:
        """The stored value the text names, "" for none, None when it names no choice."""
        key = _normalised(text)
        return self.tables[field].get(key) if key else ""

    def choices(self, field: str) -> list[str]:
        """The labels a person may write, in the active language."""
        if field == "implementation":
            return [str(text) for _value, text in ChecklistAnswer.Implementation.choices]
        return [translated(category, "name").text for category in self.categories.values()]


# --- Export -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    filename: str
    content_type: str


def _instructions() -> list[str]:
    return [
        _("Write each answer inside the box under its question. Keep the boxes and the small codes above them."),
        _(
            "Do not change the small codes like [Q-12-5-narrative]: they match each answer with its question "
            "when the file is uploaded again."
        ),
        _(
            "In the answers, paragraphs, line breaks, bold, italics, bullet and numbered lists (one level) and links "
            "to web or e-mail addresses are kept. Underlining, colours, headings, images, tables, footnotes and "
            "comments are not: such text is kept without them."
        ),
        _(
            "For the implementation and the technical assistance category, write one of the choices listed under "
            "the article, as written there (in any of the six languages), or leave the box empty."
        ),
        _(
            "Upload the file on the checklist page: you will see every change before anything is saved. An answer "
            "changed online since this export is shown as a conflict and kept unless you choose otherwise."
        ),
    ]


def _article_heading(article) -> str:
    heading = _("Article %(number)s. %(title)s") % {
        "number": article.number,
        "title": translated(article, "title").text,
    }
    return f"{heading} ({article.get_obligation_display()})"


def _question(checklist: Checklist, number: int, name: str, text: str) -> formats.ExportQuestion:
    """One question of the file: its key, its label, its text (answers' formatting read as
    the checklist's Markdown subset; choices as written)."""
    return formats.ExportQuestion(
        question_key(checklist.pk, number, name), _label(name), text, markdown=name in TEXT_FIELDS
    )


def _exported_file(*, kind: str, review, filename: str, now, metadata: dict, **spec) -> ExportedFile:
    """The file of ``spec`` (title, subtitle, instructions, sections, language) as DOCX or ODT,
    with the facts every export records in its properties."""
    from documents.files import CONTENT_TYPES

    language = spec["language"]
    document = formats.ExportSpec(
        **spec,
        rtl=is_rtl(language),
        metadata={
            "format_version": FORMAT_VERSION,
            "checklist": metadata.pop("checklist"),
            "review": review.pk,
            "state": review.state.code,
            "exported_at": now.isoformat(),
            "language": language,
            **metadata,
        },
        state_code=review.state.code,
        created=now.replace(tzinfo=None) if timezone.is_aware(now) else now,
    )
    content = formats.write_docx(document) if kind == FileKind.DOCX else formats.write_odt(document)
    return ExportedFile(content=content, filename=filename, content_type=CONTENT_TYPES[kind])


def checklist_export(*, checklist: Checklist, actor, kind: str, language: str, article_numbers=None) -> ExportedFile:
    """The checklist (or the articles in ``article_numbers``) as a DOCX or ODT file in
    ``language``, with each answer's current text. For those who read the draft."""
    review = checklist.review
    if not can_read_draft_checklist(actor, review):
        raise PermissionDenied(_("You may not read this checklist."))
    if kind not in (FileKind.DOCX, FileKind.ODT):
        raise ValidationError(_("Choose DOCX or ODT."), code="bad_kind")
    now = timezone.now()
    wanted = set(article_numbers or ())
    with translation.override(language):
        sections = []
        revisions, hashes = {}, {}
        reader = ChoiceReader()
        # Under each article: the choices the two choice questions take, as the file must name them.
        facts = [
            _("%(question)s: write one of %(choices)s — or leave the box empty.")
            % {"question": _label(name), "choices": "; ".join(f"“{c}”" for c in reader.choices(name))}
            for name in CHOICE_FIELDS
        ]
        for section in checklist_sections(checklist):
            articles = []
            for answer in section.answers:
                article = answer.article
                if wanted and article.number not in wanted:
                    continue
                revisions[str(article.number)] = answer.revision
                questions = []
                for name in QUESTION_FIELDS:
                    value = stored_value(answer, name)
                    hashes[f"{article.number}-{name}"] = fingerprint(value)
                    text = choice_label(name, value, reader.categories) if name in CHOICE_FIELDS else value
                    questions.append(_question(checklist, article.number, name, text))
                articles.append(
                    formats.ExportArticle(
                        heading=_article_heading(article),
                        guidance=translated(article, "guidance").text if article.guidance else "",
                        facts=facts,
                        questions=questions,
                    )
                )
            if articles:
                sections.append(formats.ExportSection(section.title, articles))
        if not sections:
            raise ValidationError(_("Choose at least one article of this checklist."), code="no_articles")
        return _exported_file(
            kind=kind,
            review=review,
            filename=f"checklist-{review.state.code}-{timezone.localdate(now).isoformat()}.{kind}",
            now=now,
            metadata={"format": FORMAT, "checklist": checklist.pk, "revisions": revisions, "fingerprints": hashes},
            title=_("Self-assessment checklist"),
            subtitle=_("%(state)s — %(instrument)s. Exported on %(date)s.")
            % {
                "state": translated(review.state, "name").text,
                "instrument": translated(review.instrument, "short_title").text,
                "date": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
            },
            instructions=_instructions(),
            sections=sections,
            language=language,
        )


def submission_export(*, submission: ChecklistSubmission, actor, kind: str, language: str) -> ExportedFile:
    """A submitted version of the checklist as a DOCX or ODT file in ``language``, for reading
    offline (the experts preparing their questions, the observers): everyone who reads the
    submitted version. Its answers as the State submitted them, no draft; it cannot be uploaded
    back (its format says so)."""
    from reference.models import Article

    checklist = submission.checklist
    review = checklist.review
    if not can_read_submitted_checklist(actor, review):
        raise PermissionDenied(_("You may not read this checklist."))
    if kind not in (FileKind.DOCX, FileKind.ODT):
        raise ValidationError(_("Choose DOCX or ODT."), code="bad_kind")
    now = timezone.now()
    rows = sorted(submission.answers, key=lambda row: row["number"])
    articles = Article.objects.select_related("chapter", "instrument").in_bulk([row["article"] for row in rows])
    categories = {c.code: c for c in TechnicalAssistanceCategory.objects.all()}
    with translation.override(language):
        sections: dict[object, formats.ExportSection] = {}
        for row in rows:
            article = articles.get(row["article"])
            if article is None:
                continue
            key = section_key(article)
            if key not in sections:
                sections[key] = formats.ExportSection(section_title(article), [])
            questions = []
            for name in QUESTION_FIELDS:
                if name == "implementation":
                    text = choice_label(name, row.get(name) or "")
                elif name == "ta_category":
                    category = categories.get(row.get(name))
                    text = translated(category, "name").text if category else ""
                else:
                    text = clean_answer_text(row.get(name))
                questions.append(_question(checklist, article.number, name, text))
            sections[key].articles.append(
                formats.ExportArticle(
                    heading=_article_heading(article),
                    guidance="",
                    facts=[],
                    questions=questions,
                )
            )
        if not sections:
            raise ValidationError(_("This version holds no answer."), code="no_articles")
        return _exported_file(
            kind=kind,
            review=review,
            filename=f"checklist-{review.state.code}-version-{submission.number}.{kind}",
            now=now,
            metadata={"format": VERSION_FORMAT, "checklist": checklist.pk, "version": submission.number},
            title=_("Self-assessment checklist, version %(number)s") % {"number": submission.number},
            subtitle=_("%(state)s — %(instrument)s. Submitted on %(date)s.")
            % {
                "state": translated(review.state, "name").text,
                "instrument": translated(review.instrument, "short_title").text,
                "date": timezone.localtime(submission.submitted_at).strftime("%Y-%m-%d %H:%M"),
            },
            instructions=[
                _(
                    "This is the version the State under review submitted, for reading. It cannot be uploaded: "
                    "answers are changed in the State's own checklist."
                ),
            ],
            sections=list(sections.values()),
            language=language,
        )


# --- Import: read the file into a preview -------------------------------------------------------


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _read_upload(upload):
    """The parsed file, after the checks that come before any parsing."""
    name = clean_filename(getattr(upload, "name", "") or "") or _("the file")
    limit = max_upload_bytes()
    if upload.size > limit:
        _refuse(
            _("“%(name)s” is too large: files may be at most %(limit)s MB.")
            % {"name": name, "limit": megabytes(limit)},
            "too_large",
        )
    if upload.size == 0:
        _refuse(_("“%(name)s” is empty.") % {"name": name}, "empty")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head[:4] != b"PK\x03\x04":
        _refuse(
            _("“%(name)s” is not a DOCX or ODT document exported from this checklist.") % {"name": name}, "bad_type"
        )
    check_office_package(upload, max_members=max_members(), max_uncompressed=max_uncompressed_bytes())
    kind = sniff_kind(upload)
    if kind not in (FileKind.DOCX, FileKind.ODT):
        _refuse(
            _("“%(name)s” is not a DOCX or ODT document exported from this checklist.") % {"name": name}, "bad_type"
        )
    upload.seek(0)
    try:
        parsed = formats.read_docx(upload) if kind == FileKind.DOCX else formats.read_odt(upload)
    except Exception as exc:  # any parser error means the same to the person
        raise ValidationError(
            _("“%(name)s” could not be read: the file is damaged. Nothing was changed.") % {"name": name},
            code="unreadable",
        ) from exc
    return name, kind, parsed


def checklist_import_read(*, checklist: Checklist, actor, upload) -> dict:
    """Read an edited export into a preview (a JSON-able dict, kept in the session between the
    upload and the choice): per question whose text differs from the answer online, the text of
    the file, whether it is a conflict, what the file held that plain text cannot keep. Nothing
    is saved. Refuses (ValidationError) a file that is not a DOCX/ODT export of this checklist,
    too large, with macros or external objects, or a ZIP bomb."""
    review = checklist.review
    if not can_edit_checklist(actor, review):
        raise PermissionDenied(_("You may not change this checklist."))
    if checklist.status != Checklist.Status.DRAFT:
        _refuse(_("The checklist has been submitted. Ask the secretariat to reopen it to make changes."), "submitted")
    name, kind, parsed = _read_upload(upload)
    meta = parsed.metadata
    if meta and meta.get("format") == VERSION_FORMAT:
        _refuse(
            _(
                "“%(name)s” is a submitted version of the checklist, for reading: it cannot be uploaded. Export the "
                "checklist from this page, edit that file and upload it."
            )
            % {"name": name},
            "version_file",
        )
    if not meta or meta.get("format") != FORMAT or not isinstance(meta.get("revisions"), dict):
        _refuse(
            _(
                "“%(name)s” is not a checklist exported from this system: export the checklist, edit that "
                "file and upload it."
            )
            % {"name": name},
            "not_export",
        )
    if meta.get("state") != review.state.code:
        _refuse(
            _("“%(name)s” is the checklist of another State (%(code)s). Nothing was changed.")
            % {"name": name, "code": str(meta.get("state"))[:8]},
            "other_state",
        )
    if meta.get("checklist") != checklist.pk:
        _refuse(
            _("“%(name)s” was exported from the checklist of another review. Nothing was changed.") % {"name": name},
            "other_checklist",
        )

    answers = {a.article.number: a for a in checklist.answers.select_related("article").order_by("article__number")}
    exported_revisions = meta.get("revisions") or {}
    fingerprints = meta.get("fingerprints") or {}
    found: dict[tuple[int, str], formats.ParsedAnswer] = {}
    unknown, duplicates = [], []
    for parsed_answer in parsed.answers:
        match = formats.KEY_PATTERN.fullmatch(parsed_answer.key)
        checklist_id, number, field = int(match.group(1)), int(match.group(2)), match.group(3)
        if (
            checklist_id != checklist.pk
            or number not in answers
            or field not in QUESTION_FIELDS
            or str(number) not in exported_revisions
        ):
            unknown.append(parsed_answer.key)
        elif (number, field) in found:
            duplicates.append(parsed_answer.key)
        else:
            found[(number, field)] = parsed_answer
    # A question is missing when the export wrote it (files of before the choices were written
    # as questions have no implementation or category: those are not missing).
    missing = [
        question_key(checklist.pk, int(number), field)
        for number in sorted(exported_revisions, key=lambda n: int(n) if str(n).isdigit() else 0)
        if str(number).isdigit() and int(number) in answers
        for field in QUESTION_FIELDS
        if (int(number), field) not in found and (field in TEXT_FIELDS or f"{number}-{field}" in fingerprints)
    ]
    missing += [key for key in parsed.keys_without_answer if key not in missing]
    if not found:
        _refuse(
            _(
                "“%(name)s” has no question of this checklist left: the codes like [Q-12-5-narrative] were "
                "removed or changed."
            )
            % {"name": name},
            "no_questions",
        )

    reader = ChoiceReader()
    items, unchanged, kept_online = [], 0, []
    for (number, field), parsed_answer in sorted(
        found.items(), key=lambda kv: (kv[0][0], QUESTION_FIELDS.index(kv[0][1]))
    ):
        answer = answers[number]
        current = stored_value(answer, field)
        proposed = clean_answer_text(parsed_answer.plain if field in CHOICE_FIELDS else parsed_answer.text)
        if field in CHOICE_FIELDS:
            value = reader.read(field, proposed)
            if value is None:
                # Names no choice: shown with the choices it may take, never taken.
                items.append(
                    {
                        "key": parsed_answer.key,
                        "number": number,
                        "field": field,
                        "answer": answer.pk,
                        "revision": answer.revision,
                        "export_revision": exported_revisions.get(str(number)),
                        "text": proposed[:200],
                        "status": "bad_choice",
                        "notices": [],
                    }
                )
                continue
            proposed = value
        if proposed == current:
            unchanged += 1
            continue
        export_revision = exported_revisions.get(str(number))
        export_fingerprint = fingerprints.get(f"{number}-{field}")
        changed_online = export_revision != answer.revision and (
            export_fingerprint is None or export_fingerprint != fingerprint(current)
        )
        edited_in_file = export_fingerprint is None or export_fingerprint != fingerprint(proposed)
        if changed_online and not edited_in_file:
            # The file still holds the text as exported: the online change stands.
            kept_online.append(parsed_answer.key)
            continue
        status = "conflict" if changed_online else "changed"
        if len(proposed) > MAX_ANSWER_LENGTH:
            status = "too_long"
        items.append(
            {
                "key": parsed_answer.key,
                "number": number,
                "field": field,
                "answer": answer.pk,
                "revision": answer.revision,
                "export_revision": export_revision,
                "text": proposed,
                "status": status,
                "notices": sorted(parsed_answer.notices),
            }
        )
    preview = {
        "token": secrets.token_urlsafe(16),
        "review": review.pk,
        "checklist": checklist.pk,
        "filename": name,
        "kind": kind,
        "exported_at": str(meta.get("exported_at", ""))[:40],
        "read_at": timezone.now().isoformat(),
        "items": items,
        "unchanged": unchanged,
        "kept_online": kept_online,
        "missing": missing,
        "unknown": unknown[:200],
        "duplicates": duplicates[:200],
    }
    if len(json.dumps(preview)) > max_preview_bytes():
        _refuse(
            _("“%(name)s” changes too much text to be compared at once. Export and upload fewer articles at a time.")
            % {"name": name},
            "too_much",
        )
    return preview


# --- The preview in the session -----------------------------------------------------------------


def preview_store(session, preview: dict) -> str:
    """Keep the preview in the session (one per review: a new upload replaces it)."""
    session[SESSION_KEY % preview["review"]] = preview
    return preview["token"]


def preview_load(session, review_pk: int, token: str) -> dict | None:
    preview = session.get(SESSION_KEY % review_pk)
    if not preview or not secrets.compare_digest(str(preview.get("token", "")), str(token)):
        return None
    return preview


def preview_discard(session, review_pk: int) -> None:
    session.pop(SESSION_KEY % review_pk, None)


#: What the preview shows but cannot be taken: too long a text, a choice that names none.
UNTAKEABLE = ("too_long", "bad_choice")


def notice_texts(notices) -> list[str]:
    """What each notice of the reading means, for the preview (in the order given)."""
    texts = {
        formats.NOTICE_FORMATTING: lambda: _(
            "Underlining, colours, highlighting and headings are not kept: that text is kept without them."
        ),
        formats.NOTICE_LIST: lambda: _("Lists inside lists are kept as one level."),
        formats.NOTICE_LINK: lambda: _(
            "Links to anything but a web or e-mail address are kept as their text, followed by the address."
        ),
        formats.NOTICE_IMAGE: lambda: _("Images and drawings are left out."),
        formats.NOTICE_TABLE: lambda: _("Tables inside the answer (or extra cells) are kept as lines of text."),
        formats.NOTICE_TRACKED: lambda: _("Tracked changes are read as accepted."),
        formats.NOTICE_NOTE: lambda: _("Comments and footnotes are left out."),
    }
    return [texts[notice]() for notice in notices if notice in texts]


def default_take(item: dict) -> bool:
    """Changed answers are taken unless someone changed them online since the export."""
    return item["status"] == "changed"


# --- Apply --------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    saved: list[int]
    #: Articles changed online between the preview and the choice: nothing taken for them.
    conflicts: list[int]
    refused: list[tuple[int, list[str]]]


def checklist_import_apply(*, checklist: Checklist, actor, preview: dict, take: set[str]) -> ImportResult:
    """Save the texts of the questions in ``take`` (their keys), one ``answer_save`` per
    article, on the revision the preview was computed against: an answer saved by someone else
    since then is not overwritten (it is listed in ``conflicts``)."""
    if preview.get("checklist") != checklist.pk:
        raise ValidationError(_("This preview is not of this checklist."), code="other_checklist")
    by_answer: dict[int, dict] = defaultdict(dict)
    revisions, numbers = {}, {}
    categories = None
    for item in preview["items"]:
        if item["key"] not in take or item["status"] in UNTAKEABLE:
            continue
        value = item["text"]
        if item["field"] == "ta_category":
            if categories is None:
                categories = TechnicalAssistanceCategory.objects.in_bulk()
            value = categories.get(int(value)) if value else None
            if item["text"] and value is None:  # the category was removed since the preview
                continue
        by_answer[item["answer"]][item["field"]] = value
        revisions[item["answer"]] = item["revision"]
        numbers[item["answer"]] = item["number"]
    answers = ChecklistAnswer.objects.filter(checklist=checklist, pk__in=by_answer).select_related("article")
    result = ImportResult(saved=[], conflicts=[], refused=[])
    for answer in sorted(answers, key=lambda a: a.article.number):
        try:
            answer_save(answer=answer, actor=actor, data=by_answer[answer.pk], revision=revisions[answer.pk])
        except AnswerConflict:
            result.conflicts.append(numbers[answer.pk])
        except ValidationError as exc:
            if exc.code == "submitted" or checklist_status(checklist) != Checklist.Status.DRAFT:
                raise
            result.refused.append((numbers[answer.pk], exc.messages))
        else:
            result.saved.append(numbers[answer.pk])
    return result


def checklist_status(checklist: Checklist) -> str:
    return Checklist.objects.filter(pk=checklist.pk).values_list("status", flat=True).first()


def exported_at_display(preview: dict):
    try:
        return datetime.datetime.fromisoformat(preview.get("exported_at", ""))
    except ValueError:
        return None
