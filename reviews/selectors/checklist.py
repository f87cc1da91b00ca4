"""Reads of the self-assessment checklist."""

from ..models import Article, ChecklistAnswer, ChecklistSubmission, TechnicalAssistanceCategory


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
