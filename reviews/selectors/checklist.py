"""Reads of the self-assessment checklist."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery

from reference.models import Article, TechnicalAssistanceCategory

from .. import access
from ..models import Checklist, ChecklistAnswer, ChecklistAttachment, ChecklistSubmission, CountryReview


def latest_version(review: CountryReview) -> ChecklistSubmission | None:
    """The review's latest submitted version, with its checklist, without its frozen answers
    (a large JSON, read only by ``submitted_answers``)."""
    versions = ChecklistSubmission.objects.filter(checklist__review=review).select_related("checklist")
    return versions.defer("answers").order_by("-number").first()


def submitted_answers(submission: ChecklistSubmission | None) -> list[dict]:
    """The frozen answers of a submitted version, with their articles and labels: what the
    reviewing experts and observers read (three queries, whatever the number of articles)."""
    if submission is None:
        return []
    articles = Article.objects.in_bulk([row["article"] for row in submission.answers])
    categories = {c.code: c for c in TechnicalAssistanceCategory.objects.all()}
    labels = dict(ChecklistAnswer.Implementation.choices)
    return [
        {
            **row,
            "article_obj": articles.get(row["article"]),
            "implementation_label": labels.get(row["implementation"], ""),
            "ta_category_obj": categories.get(row["ta_category"]),
        }
        for row in submission.answers
    ]


# --- Attachments -------------------------------------------------------------------------------


#: The fields of an attachment that the draft page lists.
_LISTED = ("answer", "filename", "kind", "size", "uploaded_at", "uploaded_by")


def draft_attachments(checklist: Checklist) -> dict[int, list[ChecklistAttachment]]:
    """The attachments on the draft (removed ones left out), by answer id, with what the page
    shows of them (their file and who removed what are not read): one query."""
    by_answer: dict[int, list[ChecklistAttachment]] = defaultdict(list)
    for attachment in (
        ChecklistAttachment.objects.filter(answer__checklist_id=checklist.pk, removed_at__isnull=True)
        .select_related("uploaded_by")
        .only(*_LISTED, "uploaded_by__username", "uploaded_by__first_name", "uploaded_by__last_name")
        .order_by("uploaded_at", "pk")
    ):
        by_answer[attachment.answer_id].append(attachment)
    return by_answer


def _listed_in_a_submission(attachment: ChecklistAttachment) -> bool:
    versions = ChecklistSubmission.objects.filter(checklist_id=attachment.answer.checklist_id)
    return any(
        listed.get("id") == attachment.pk
        for answers in versions.values_list("answers", flat=True)
        for row in answers
        for listed in row.get("attachments", ())
    )


def attachment_for_download(user, review: CountryReview, attachment_pk: int) -> ChecklistAttachment | None:
    """The attachment if this person may download it, else None (the view answers 404).

    The draft's attachments go to those who read the draft (the State under review, the
    secretariat); an attachment listed in a submitted version also goes to those who read the
    submitted checklist (the experts and observers on the review), even once removed from the
    draft."""
    attachment = (
        ChecklistAttachment.objects.select_related("answer")
        .filter(pk=attachment_pk, answer__checklist__review=review)
        .first()
    )
    if attachment is None:
        return None
    if attachment.removed_at is None and access.can_read_draft_checklist(user, review):
        return attachment
    if access.can_read_submitted_checklist(user, review) and _listed_in_a_submission(attachment):
        return attachment
    return None


# --- Reuse of earlier answers ----------------------------------------------------------------
#
# The rule, kept simple on purpose. An answer of the same State may be offered for reuse on an
# article when it comes from the latest submitted version of
#   (a) a review of the same instrument in an earlier cycle (or phase) of the same mechanism,
#       on the article with the same number; or
#   (b) a review of another instrument in the same cycle (e.g. the UNTOC Convention and its
#       Protocols), on an article with the same English title (compared without regard to
#       case or surrounding spaces: "Criminalization" in the Trafficking and the Firearms
#       Protocols, "Border measures" in the Trafficking and the Smuggling Protocols).
# Drafts are never offered, and neither are blank answers. Nothing is copied until the focal
# point picks one.

REUSE_EARLIER_CYCLE = "earlier_cycle"
REUSE_OTHER_INSTRUMENT = "other_instrument"


@dataclass
class ReuseCandidate:
    """An answer of an earlier or parallel review that may be copied into a draft answer."""

    review: CountryReview
    submission: ChecklistSubmission
    row: dict
    basis: str
    article: Article | None = None

    @property
    def article_id(self) -> int:
        return self.row["article"]

    @property
    def reopened(self) -> bool:
        """The source checklist was reopened since: its newer draft is not offered."""
        return self.submission.checklist.status == Checklist.Status.DRAFT

    def content(self) -> dict:
        """The content fields to copy, as ``answer_save`` takes them."""
        data = {name: self.row.get(name) or "" for name in ChecklistAnswer.CONTENT_FIELDS if name != "ta_category"}
        code = self.row.get("ta_category")
        data["ta_category"] = TechnicalAssistanceCategory.objects.filter(code=code).first() if code else None
        return data


_TEXT_FIELDS = ("implementation", "narrative", "legislation", "examples", "statistics", "ta_needs")


def _has_content(row: dict) -> bool:
    return any((row.get(name) or "").strip() for name in _TEXT_FIELDS) or bool(row.get("ta_category"))


def _title_key(title: str | None) -> str:
    return (title or "").strip().casefold()


def _reuse_submissions(review: CountryReview, user):
    """The latest submitted version of each review this person sees that may provide answers
    to ``review`` (same State; earlier cycle and same instrument, or same cycle and another
    instrument), as a queryset: one query however it is read."""
    cycle = review.cycle
    reviews = (
        CountryReview.objects.visible_to(user)
        .filter(state_id=review.state_id)
        .exclude(pk=review.pk)
        .filter(
            Q(cycle__mechanism_id=cycle.mechanism_id, cycle__number__lt=cycle.number)
            & Q(instrument_id=review.instrument_id)
            | Q(cycle_id=cycle.pk)
        )
    )
    latest = ChecklistSubmission.objects.filter(checklist=OuterRef("checklist")).order_by("-number").values("number")
    return ChecklistSubmission.objects.filter(checklist__review__in=reviews, number=Subquery(latest[:1]))


def _reuse_sources(review: CountryReview, user) -> list[ChecklistSubmission]:
    """The sources (see ``_reuse_submissions``) with their reviews: one query."""
    return list(
        _reuse_submissions(review, user)
        .select_related("checklist__review__cycle", "checklist__review__instrument", "checklist__review__state")
        .order_by("-checklist__review__cycle__number", "checklist__review__instrument__order")
    )


def _matcher(review: CountryReview, answers, titles: dict[int, str | None]):
    """The rule above as a function of (the cycle of the source review, a row of its version):
    the answers among ``answers`` it may go to, and on what basis. ``titles``: the English
    titles of the source articles, by id (needed for the reviews of the same cycle only)."""
    by_number = {answer.article.number: answer for answer in answers}
    by_title = defaultdict(list)
    for answer in answers:
        by_title[_title_key(answer.article.title_en)].append(answer)

    def targets(source_cycle_id: int, row: dict) -> tuple[list, str]:
        if source_cycle_id != review.cycle_id:
            return ([by_number[row["number"]]] if row.get("number") in by_number else []), REUSE_EARLIER_CYCLE
        article = row["article"]
        return (by_title.get(_title_key(titles[article]), []) if article in titles else []), REUSE_OTHER_INSTRUMENT

    return targets


def _candidates(review: CountryReview, answers, user) -> dict[int, list[ReuseCandidate]]:
    """Candidates for each of ``answers`` (answers of ``review`` with their articles), by
    answer id. Two queries, with the articles of the answers that have content."""
    submissions = _reuse_sources(review, user)
    if not submissions:
        return {}
    need = {row["article"] for s in submissions for row in s.answers if _has_content(row)}
    articles = Article.objects.select_related("instrument").in_bulk(need) if need else {}
    targets = _matcher(review, answers, {pk: article.title_en for pk, article in articles.items()})
    found: dict[int, list[ReuseCandidate]] = defaultdict(list)
    for submission in submissions:
        source = submission.checklist.review
        for row in submission.answers:
            if not _has_content(row):
                continue
            matched, basis = targets(source.cycle_id, row)
            for target in matched:
                found[target.pk].append(
                    ReuseCandidate(
                        review=source, submission=submission, row=row, basis=basis, article=articles.get(row["article"])
                    )
                )
    return found


def reuse_counts(checklist: Checklist, answers, user) -> dict[int, int]:
    """How many earlier answers may be reused, by answer id, for the draft page: the rule of
    ``reuse_candidates`` counted on the versions' rows alone (no model instances). One query,
    two when a review of the same cycle provides answers (their articles' titles)."""
    review = checklist.review
    sources = list(_reuse_submissions(review, user).values_list("checklist__review__cycle_id", "answers"))
    sources = [(cycle_id, [row for row in rows if _has_content(row)]) for cycle_id, rows in sources]
    need = {row["article"] for cycle_id, rows in sources if cycle_id == review.cycle_id for row in rows}
    titles = dict(Article.objects.filter(pk__in=need).values_list("pk", "title_en")) if need else {}
    targets = _matcher(review, answers, titles)
    counts: dict[int, int] = defaultdict(int)
    for cycle_id, rows in sources:
        for row in rows:
            for target in targets(cycle_id, row)[0]:
                counts[target.pk] += 1
    return dict(counts)


def reuse_candidates(*, answer: ChecklistAnswer, user) -> list[ReuseCandidate]:
    """The earlier answers the person may copy into ``answer`` (see the rule above), each with
    its source review, version and article; from reviews this person sees only."""
    review = answer.checklist.review
    candidates = _candidates(review, [answer], user).get(answer.pk, [])
    labels = dict(ChecklistAnswer.Implementation.choices)
    codes = {c.row.get("ta_category") for c in candidates} - {None}
    categories = {c.code: c for c in TechnicalAssistanceCategory.objects.filter(code__in=codes)} if codes else {}
    for candidate in candidates:
        candidate.row = {
            **candidate.row,
            "implementation_label": labels.get(candidate.row.get("implementation"), ""),
            "ta_category_obj": categories.get(candidate.row.get("ta_category")),
        }
    return candidates


# --- Differences between submitted versions ------------------------------------------------------

_COMPARED_FIELDS = ("narrative", "legislation", "examples", "statistics", "ta_needs")


def submissions_compared(older: ChecklistSubmission, newer: ChecklistSubmission) -> list[dict]:
    """Per article, what changed from ``older`` to ``newer`` (two versions of one checklist):
    the implementation and technical assistance category if they changed, and a word-level
    diff of each text that changed. Articles without change are left out. Two queries."""
    from django.utils.text import capfirst

    from ..textdiff import changed_words, word_diff

    before = {row["article"]: row for row in older.answers}
    after = {row["article"]: row for row in newer.answers}
    ids = list(dict.fromkeys([*after, *before]))
    articles = Article.objects.in_bulk(ids)
    categories = {c.code: c for c in TechnicalAssistanceCategory.objects.all()}
    labels = dict(ChecklistAnswer.Implementation.choices)
    rows = []
    for article_id in ids:
        old, new = before.get(article_id, {}), after.get(article_id, {})
        fields = []
        for name in _COMPARED_FIELDS:
            a, b = (old.get(name) or "").replace("\r\n", "\n"), (new.get(name) or "").replace("\r\n", "\n")
            if a.strip() != b.strip():
                diff = word_diff(a.strip(), b.strip())
                fields.append(
                    {
                        "label": capfirst(ChecklistAnswer._meta.get_field(name).verbose_name),
                        "diff": diff,
                        "words": changed_words(diff),
                    }
                )
        implementation = None
        if (old.get("implementation") or "") != (new.get("implementation") or ""):
            implementation = (labels.get(old.get("implementation"), ""), labels.get(new.get("implementation"), ""))
        category = None
        if old.get("ta_category") != new.get("ta_category"):
            category = (categories.get(old.get("ta_category")), categories.get(new.get("ta_category")))
        if fields or implementation or category:
            rows.append(
                {
                    "number": new.get("number") or old.get("number"),
                    "article": articles.get(article_id),
                    "fields": fields,
                    "implementation": implementation,
                    "ta_category": category,
                }
            )
    return sorted(rows, key=lambda row: row["number"] or 0)
