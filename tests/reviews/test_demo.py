"""`make run` seeds demo data: it must work on the real reference data, and twice."""

import pytest

from documents.models import Rendition
from reviews.models import Finding, ReviewReport
from reviews.services.demo import demo_seed

pytestmark = pytest.mark.django_db


def test_demo_data_is_complete_and_idempotent(reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = demo_seed()
    assert "UNCAC second cycle" in first.summary and "published executive summaries" in first.summary
    assert Finding.objects.count() > 100
    published = ReviewReport.objects.filter(status=ReviewReport.Status.PUBLISHED)
    assert published.count() == 3 and all(r.symbol.startswith("CAC/COSP/IRG/II/") for r in published)
    # Their PDFs, and those of the seed 000 note verbale, are left to the worker: 24 renditions
    # queued, one task each after commit; and the bundles of the sessions with issued documents.
    queued = Rendition.objects.filter(status=Rendition.Status.QUEUED)
    assert queued.exclude(content_type__model__in=["session", "briefing"]).count() == 24
    # The summary of NGO briefing 9 (seed 003) exists in English only: one PDF.
    assert list(queued.filter(content_type__model="briefing").values_list("language", flat=True)) == ["en"]
    bundles = queued.filter(content_type__model="session")
    assert bundles.count() == 6 * len({r.object_id for r in bundles}) >= 6
    assert len(callbacks) >= 25 + bundles.count()
    assert {a.username for a in first.accounts} == {"admin", "secretariat", "focalpoint", "expert", "observer", "ngo"}

    again = demo_seed()
    assert again.summary == "already in place"
    assert ReviewReport.objects.filter(status=ReviewReport.Status.PUBLISHED).count() == 3
