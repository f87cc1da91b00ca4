"""Nothing confidential leaks: a sentinel is written into every confidential field — draft
findings, checklist answers and attachments, desk-review messages, civil-society input,
unpublished summaries, the dates and contacts a State refused to publish, meeting outcomes,
notes verbales received, NGO registrations — and every page, download, feed and open-data file
an anonymous visitor can reach is crawled, in English and Arabic. No response may contain a
sentinel, and none may be a server error."""

import datetime
import re
from urllib.parse import urljoin, urlparse

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Rendition
from ngo_briefings.services import briefing_save, input_submit, organization_save, registration_create
from reference.models import Body
from reviews.models import (
    Checklist,
    ChecklistAnswer,
    CountryReview,
    DialogueMeeting,
    QuestionMessage,
    ReviewQuestion,
    ReviewReport,
    StepCompletion,
    WorkflowStep,
)
from reviews.services.attachments import attachment_add
from reviews.services.consent import consent_record
from sessions.models import Session
from sessions.services import incoming_note_register, session_save
from tests.factories import (
    CountryReviewFactory,
    FindingFactory,
    ParticipantFactory,
    ReviewerAssignmentFactory,
    UserFactory,
    article_of,
    ngo_member,
    state,
)
from tests.public.test_findings import summary

pytestmark = pytest.mark.usefixtures("reference_data")

SENTINEL = "ZQXSENTINEL"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: Pages an anonymous visitor is sent away from (sign-in) or that are not pages at all.
SKIP = ("/admin/", "/accounts/", "/i18n/", "/jsi18n/", "/static/", "mailto:", "#")


def secret(label: str) -> str:
    return f"{SENTINEL}-{label}"


@pytest.fixture
def confidential_world():
    staff = UserFactory(secretariat=True)
    step = WorkflowStep.objects.get(mechanism__code="irm", code="desk_review")
    # Kenya: a published summary, and around it everything that must stay confidential.
    kenya = CountryReviewFactory(status=CountryReview.Status.ACTIVE, current_step=step)
    ReviewerAssignmentFactory(review=kenya, state=state("UGA"))
    published = summary(kenya, symbol="CAC/COSP/IRG/II/1/1/Add.12")
    rendition = Rendition.objects.create(
        content_type=ContentType.objects.get_for_model(ReviewReport),
        object_id=published.pk,
        language="ar",
        status=Rendition.Status.DONE,
    )
    rendition.file.save("summary-ar.pdf", ContentFile(PDF))
    FindingFactory(review=kenya, kind="good_practice", text_en="A published good practice.")
    # Follow-up the State has not agreed to publish.
    FindingFactory(review=kenya, kind="recommendation", text_en="A recommendation.", follow_up_note=secret("follow-up"))
    focal = UserFactory(focal_point=True, email=f"{SENTINEL.lower()}-contact@example.org", last_name=secret("focal"))
    ParticipantFactory(review=kenya, user=focal)
    consent_record(actor=staff, review=kenya, item="focal_point_contacts", decision="refused", message=secret("basis"))
    consent_record(actor=staff, review=kenya, item="timeline", decision="refused", message=secret("basis2"))
    StepCompletion.objects.create(
        review=kenya, step=step, completed_on=datetime.date(2017, 7, 7), recorded_by=staff, comment=secret("step")
    )
    checklist = Checklist.objects.create(review=kenya)
    answer = ChecklistAnswer.objects.create(
        checklist=checklist, article=article_of(kenya, 5), narrative=secret("answer")
    )
    attachment_add(answer=answer, actor=focal, upload=SimpleUploadedFile(f"{secret('file')}.pdf", PDF))
    question = ReviewQuestion.objects.create(review=kenya, article=article_of(kenya, 5), asked_by=staff)
    QuestionMessage.objects.create(question=question, author=staff, text=secret("desk-review"))
    DialogueMeeting.objects.create(
        review=kenya,
        mode="country_visit",
        starts_on=datetime.date(2017, 9, 1),
        ends_on=datetime.date(2017, 9, 3),
        outcome_note=secret("meeting"),
        agenda=secret("agenda"),
    )
    ReviewReport.objects.create(
        review=kenya, kind=ReviewReport.Kind.COUNTRY_REPORT, status="published", introduction_en=secret("full")
    )
    # Uganda: an agreed, unpublished summary with its findings.
    uganda = CountryReviewFactory(state=state("UGA"))
    ReviewReport.objects.create(
        review=uganda, kind=ReviewReport.Kind.EXECUTIVE_SUMMARY, status="agreed", introduction_en=secret("draft")
    )
    FindingFactory(review=uganda, text_en=secret("draft-finding"))
    # Civil society: input, a registration, a note verbale received.
    organization = organization_save(actor=staff, name=secret("org"))
    person = ngo_member(organization, email=f"{SENTINEL.lower()}-ngo@example.org")
    input_submit(actor=person, review=kenya, title=secret("input-title"), text=secret("input"))
    start = datetime.date.today() + datetime.timedelta(days=30)
    session = session_save(
        actor=staff,
        body=Body.objects.get(code="irg"),
        number=17,
        part=Session.Part.REGULAR,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=3),
        city="Vienna",
    )
    briefing = briefing_save(actor=staff, number=16, session=session, held_on=start, capacity=5)
    registration_create(actor=person, briefing=briefing, listed=False)
    incoming_note_register(
        actor=staff, state=state("KEN"), received_on=start.replace(year=2020), subject=secret("note")
    )
    return kenya


def links(body: str, base: str) -> set[str]:
    found = set()
    for href in re.findall(r'(?:href|src)="([^"]+)"', body):
        href = href.replace("&amp;", "&")
        if href.startswith(("http://", "https://")) and urlparse(href).netloc not in ("testserver", ""):
            continue
        if any(part in href for part in SKIP):
            continue
        url = urljoin(base, href)
        found.add(urlparse(url)._replace(fragment="").geturl().replace("http://testserver", ""))
    return found


def test_an_anonymous_crawl_finds_no_confidential_text_and_no_server_error(client, confidential_world):
    start = [
        "/en/",
        "/ar/",
        "/en/states/",
        "/ar/states/KEN/",
        "/en/findings/",
        "/en/findings/?kind=ta_need",
        "/en/statistics/",
        "/en/search/?q=draft&language=en",
        "/en/search/?q=published&language=en",
        "/ar/statistics/",
        "/en/sessions/",
        "/en/registry/",
        "/en/ngo-briefings/",
        "/en/open-data/",
        "/en/publications.atom",
        "/en/states/KEN/publications.atom",
        "/open-data/v1/reviews.csv",
        "/open-data/v1/reviews.json",
        "/open-data/v1/findings.csv",
        "/open-data/v1/findings.json?language=ar",
        "/open-data/v1/schema.json",
    ]
    seen, queue = set(), list(start)
    while queue and len(seen) < 600:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code in (301, 302):
            continue
        content = b"".join(response.streaming_content) if response.streaming else response.content
        text = content.decode("utf-8", errors="replace")
        assert SENTINEL not in text and SENTINEL.lower() not in text, url
        if "html" in response.get("Content-Type", ""):
            # Follow the site's own pages (the States' pages in two languages are enough).
            queue += [
                u
                for u in links(text, "http://testserver" + url)
                if u.startswith(("/en/", "/ar/", "/documents/", "/open-data/"))
            ]
    assert "/ar/states/KEN/" in seen and any(u.startswith("/documents/") for u in seen)
    assert len(seen) > 50
