from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import Article, MechanismMembership, State, TechnicalAssistanceCategory
from reviewmech.forms import DateInput
from reviewmech.i18n import translated
from sessions.models import Session

from .models import ChecklistAnswer


class CompleteStepForm(forms.Form):
    on = forms.DateField(label=_("Date completed"), widget=DateInput, initial=timezone.localdate)
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )


class PauseForm(forms.Form):
    on = forms.DateField(label=_("Paused on"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("For example: at the request of the State under review."),
    )


class ResumeForm(forms.Form):
    on = forms.DateField(label=_("Resumed on"), widget=DateInput, initial=timezone.localdate)
    comment = forms.CharField(label=_("Comment (optional)"), required=False)


class RedrawForm(forms.Form):
    comment = forms.CharField(
        label=_("Request of the State under review"),
        required=False,
        help_text=_("For example the note verbale in which the State asked for the redraw."),
    )
    exceptional = forms.BooleanField(
        label=_("Exceptional redraw beyond the limit"),
        required=False,
        help_text=_("Only when the State under review has used all its redraws and the Group agreed to another."),
    )


class _DrawForm(forms.Form):
    seed = forms.CharField(
        label=_("Random seed (optional)"),
        required=False,
        max_length=64,
        help_text=_("Leave empty for a new random seed. The seed is recorded: the same seed gives the same draw."),
    )
    session = forms.ModelChoiceField(
        label=_("Session at which the lots are drawn"), queryset=Session.objects.none(), required=False
    )
    exclude = forms.ModelMultipleChoiceField(
        label=_("States excluded from this draw"),
        queryset=State.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        body = cycle.mechanism.overseen_by
        self.fields["session"].queryset = (
            Session.objects.filter(body=body).select_related("body") if body else Session.objects.none()
        )
        member_ids = MechanismMembership.objects.filter(mechanism=cycle.mechanism).values("state_id")
        self.fields["exclude"].queryset = State.objects.filter(pk__in=member_ids).order_by("name_en")


class DrawYearsForm(_DrawForm):
    pass


class DrawReviewersForm(_DrawForm):
    year = forms.IntegerField(label=_("Year"), widget=forms.HiddenInput)


class AnswerForm(forms.ModelForm):
    """One article's answer; ``revision`` is the version the person started from."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = ChecklistAnswer
        fields = ChecklistAnswer.CONTENT_FIELDS
        widgets = {
            "implementation": forms.RadioSelect,
            # dir="auto": a text follows its own script (English typed on the Arabic page).
            "narrative": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
            "legislation": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "examples": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "statistics": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "ta_needs": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }

    MAX_LENGTH = 20000
    #: The formatting an answer may use (``reviews.answer_text``), shown under the text box.
    FORMATTING_HINT = _(
        "Formatting: **bold**, *italics*, lines starting with “- ” or “1. ” for lists, links as "
        "[text](https://…) or a bare https:// address; a blank line starts a new paragraph."
    )

    @staticmethod
    def ta_category_choices():
        """The categories as choices, read once for a page of many answer forms."""
        return [("", _("None"))] + [
            (c.pk, translated(c, "name").text) for c in TechnicalAssistanceCategory.objects.order_by("order")
        ]

    def __init__(self, *args, ta_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["implementation"].choices = ChecklistAnswer.Implementation.choices
        self.fields["implementation"].required = False
        self.fields["ta_category"].queryset = TechnicalAssistanceCategory.objects.order_by("order")
        self.fields["ta_category"].label_from_instance = lambda category: translated(category, "name").text
        self.fields["ta_category"].empty_label = _("None")
        if ta_choices is not None:
            # Displayed from the list read once; the queryset still validates what is posted.
            self.fields["ta_category"].widget.choices = ta_choices
        # Under the first text box only: the same formatting holds in every answer.
        self.fields["narrative"].help_text = self.FORMATTING_HINT
        for name in ("narrative", "legislation", "examples", "statistics", "ta_needs"):
            self.fields[name].max_length = self.MAX_LENGTH
            self.fields[name].validators.append(MaxLengthValidator(self.MAX_LENGTH))


class ChecklistSubmitForm(forms.Form):
    consent_to_publish = forms.BooleanField(
        label=_("The State agrees to publish its self-assessment"),
        required=False,
        help_text=_("Without this consent the answers stay confidential to the review."),
    )


class ChecklistReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


class QuestionForm(forms.Form):
    article = forms.ModelChoiceField(label=_("Article"), queryset=Article.objects.none(), required=False)
    text = forms.CharField(
        label=_("Question"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )

    def __init__(self, *args, articles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = articles
        self.fields["article"].empty_label = _("The review as a whole")
        self.fields["article"].label_from_instance = lambda article: (
            _("Article %(number)s. %(title)s")
            % {
                "number": article.number,
                "title": translated(article, "title").text,
            }
        )


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Reply"), max_length=10000, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


# --- Findings --------------------------------------------------------------------------------

# Imports of this section kept with it (the module is shared; its head is left as it is).
from django.conf import settings  # noqa: E402

from reviewmech.i18n import field_suffix, is_rtl  # noqa: E402

from .models import Finding  # noqa: E402


class FindingForm(forms.Form):
    """A finding on an article under review. ``reason`` is asked for only once the State under
    review has agreed to the executive summary (the secretariat's changes then need one)."""

    article = forms.ModelChoiceField(label=_("Article"), queryset=Article.objects.none())
    kind = forms.ChoiceField(label=_("Kind of finding"))
    ta_category = forms.ModelChoiceField(
        label=_("Technical assistance category"),
        queryset=TechnicalAssistanceCategory.objects.none(),
        required=False,
        help_text=_("Required for a technical assistance need."),
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Write in the language of this page; the secretariat adds the translations."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        help_text=_("The State under review has agreed to the executive summary: the history keeps your reason."),
    )
    #: The language of the text being edited (it may be another than the page's).
    language = forms.ChoiceField(choices=settings.LANGUAGES, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, articles, ta_choices=None, require_reason=False, edit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = articles
        self.fields["article"].label_from_instance = lambda article: (
            _("Article %(number)s. %(title)s") % {"number": article.number, "title": translated(article, "title").text}
        )
        self.fields["kind"].choices = Finding.Kind.choices
        self.fields["ta_category"].queryset = TechnicalAssistanceCategory.objects.order_by("order")
        self.fields["ta_category"].empty_label = _("None")
        self.fields["ta_category"].label_from_instance = lambda category: translated(category, "name").text
        if ta_choices is not None:
            # Displayed from the list read once per page; the queryset still validates the post.
            self.fields["ta_category"].widget.choices = ta_choices
        if not require_reason:
            del self.fields["reason"]
        if not edit:
            del self.fields["language"]  # a new finding is written in the page's language


class FindingFollowUpForm(forms.Form):
    follow_up_status = forms.ChoiceField(label=_("Follow-up"))
    follow_up_on = forms.DateField(
        label=_("Date"), required=False, widget=DateInput, help_text=_("Required once implemented.")
    )
    follow_up_note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up_status"].choices = Finding.FollowUp.choices


class FindingTranslationsForm(forms.Form):
    """The text of a finding in each of the six languages (secretariat)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            attrs = {"rows": 3, "lang": code, "dir": "rtl" if is_rtl(code) else "ltr"}
            self.fields[f"text_{field_suffix(code)}"] = forms.CharField(
                label=name, required=False, max_length=10000, widget=forms.Textarea(attrs=attrs)
            )

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"text_{field_suffix(code)}", "") for code, _name in settings.LANGUAGES}


class FindingReasonForm(forms.Form):
    """Delete or move a finding; the reason only counts once the State has agreed."""

    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=500)


# --- Thematic reports and regional addenda ---------------------------------------------------

# Imports of this section kept with it (the module is shared; its head is left as it is).
from django.conf import settings as _settings  # noqa: E402

from reference.models import RegionalGroup as _RegionalGroup  # noqa: E402


class ThematicReportForm(forms.Form):
    """A new thematic report (no regional group) or regional supplementary addendum, on one
    chapter (UNCAC) or cluster (UNTOC) reviewed in the cycle. Written in English, the original."""

    chapter = forms.ModelChoiceField(label=_("Chapter"), queryset=None, required=False)
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=None, required=False)
    regional_group = forms.ModelChoiceField(
        label=_("Regional group"),
        queryset=_RegionalGroup.objects.none(),
        required=False,
        help_text=_("Leave empty for a thematic report; choose a group for a regional supplementary addendum."),
    )
    title = forms.CharField(label=_("Title (English)"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"}))
    introduction = forms.CharField(
        label=_("Introduction (English, optional)"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    symbol = forms.CharField(
        label=_("Document symbol (optional)"),
        required=False,
        max_length=60,
        help_text=_("For example CAC/COSP/IRG/2020/3."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        chapters = cycle.chapters.select_related("instrument").order_by("instrument__order", "order")
        clusters = cycle.clusters.order_by("number")
        self.fields["chapter"].queryset = chapters
        self.fields["chapter"].label_from_instance = lambda chapter: (
            _("Chapter %(number)s. %(title)s") % {"number": chapter.number, "title": translated(chapter, "title").text}
        )
        self.fields["cluster"].queryset = clusters
        self.fields["cluster"].label_from_instance = lambda cluster: translated(cluster, "title").text
        self.fields["regional_group"].queryset = _RegionalGroup.objects.order_by("order", "code")
        self.fields["regional_group"].label_from_instance = lambda group: translated(group, "name").text
        self.fields["regional_group"].empty_label = _("All regional groups (thematic report)")
        # A cycle reviews chapters (UNCAC) or clusters (UNTOC): offer only what it has.
        if not chapters.exists():
            del self.fields["chapter"]
        elif not clusters.exists():
            del self.fields["cluster"]


class ThematicEditForm(forms.Form):
    """The title, introduction and symbol of a draft, in one language version."""

    language = forms.ChoiceField(choices=_settings.LANGUAGES, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"}))
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    symbol = forms.CharField(
        label=_("Document symbol"), required=False, max_length=60, widget=forms.TextInput(attrs={"dir": "ltr"})
    )

    def __init__(self, *args, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        # Only the English original needs a title; an empty translation shows the English one, marked.
        self.fields["title"].required = language == "en"
        self.fields["title"].widget.attrs["lang"] = language
        self.fields["introduction"].widget.attrs["lang"] = language


# --- Checklist attachments and reuse of earlier answers ----------------------------------------


class AttachmentForm(forms.Form):
    """A document attached to an answer. The type is checked by content in the service; the
    ``accept`` list only helps the person pick the right file."""

    file = forms.FileField(
        label=_("Attach a document"),
        help_text=_("PDF, DOCX or ODT."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )


class ReuseAnswerForm(forms.Form):
    """The earlier answer chosen (a review and an article), and the revision of the answer it
    replaces as the person saw it."""

    source_review = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    source_article = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# --- The checklist offline: export to DOCX/ODT, import of an edited file ----------------------


class ChecklistExportForm(forms.Form):
    """Which file, in which language, for which chapters or articles (none chosen: all)."""

    format = forms.ChoiceField(label=_("File type"), choices=[("docx", "DOCX (Word)"), ("odt", "ODT (LibreOffice)")])
    language = forms.ChoiceField(label=_("Language of the headings and instructions"), choices=())
    chapters = forms.MultipleChoiceField(
        label=_("Chapters"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    articles = forms.TypedMultipleChoiceField(
        label=_("Articles"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        help_text=_("Leave chapters and articles unticked to export the whole checklist."),
    )

    def __init__(self, *args, sections=(), **kwargs):
        """``sections``: the checklist's sections (see ``checklist_sections``)."""
        from django.conf import settings
        from django.utils.translation import get_language

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)
        self.fields["language"].initial = get_language()
        self.sections = list(sections)
        self.fields["chapters"].choices = [(str(i), s.title) for i, s in enumerate(self.sections, start=1)]
        self.fields["articles"].choices = [
            (a.article.number, _("Article %(number)s") % {"number": a.article.number})
            for s in self.sections
            for a in s.answers
        ]

    def article_numbers(self) -> set[int]:
        """The articles chosen, directly or by their chapter; empty for all."""
        numbers = set(self.cleaned_data["articles"])
        for index in self.cleaned_data["chapters"]:
            numbers |= {a.article.number for a in self.sections[int(index) - 1].answers}
        return numbers


class ChecklistVersionExportForm(ChecklistExportForm):
    """A submitted version as a file: which file, in which language (always the whole version)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["chapters"], self.fields["articles"]


class ChecklistImportForm(forms.Form):
    file = forms.FileField(
        label=_("Upload an edited checklist"),
        help_text=_(
            "A DOCX or ODT file exported from this checklist. You will see the changes before anything is saved."
        ),
        widget=forms.FileInput(attrs={"accept": ".docx,.odt"}),
    )


# --- Active dialogue: meetings and their participants ------------------------------------------

from .models import DialogueMeeting, MeetingParticipant  # noqa: E402


class MeetingForm(forms.Form):
    """A meeting of the active dialogue. Those who plan (the secretariat, the experts) see the
    mode, dates and place; the agreement to meet stakeholders is offered only to the State under
    review and the secretariat (``can_set_agreement``). The rules are the service's."""

    mode = forms.ChoiceField(label=_("Mode"), choices=DialogueMeeting.Mode.choices)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    venue = forms.CharField(
        label=_("Venue"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("Needed for a country visit or a joint meeting."),
    )
    meeting_link = forms.URLField(
        label=_("Meeting link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Needed for an online dialogue; a secure address (https://)."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"})
    )
    stakeholders_agreed = forms.BooleanField(
        label=_("The State under review agrees to meetings with civil society, the private sector and academia"),
        required=False,
    )

    #: The fields the State under review may change.
    STATE_FIELDS = ("agenda", "stakeholders_agreed")

    def __init__(self, *args, can_plan=True, can_set_agreement=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_plan:
            for name in list(self.fields):
                if name not in self.STATE_FIELDS:
                    del self.fields[name]
        if not can_set_agreement:
            del self.fields["stakeholders_agreed"]


class MeetingParticipantForm(forms.Form):
    sector = forms.ChoiceField(label=_("Sector"), choices=MeetingParticipant.Sector.choices)
    organization = forms.CharField(
        label=_("Body or organization"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    name = forms.CharField(
        label=_("Name (optional)"), required=False, max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )

    def __init__(self, *args, government_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if government_only:
            self.fields["sector"].choices = [
                (value, label)
                for value, label in MeetingParticipant.Sector.choices
                if value == MeetingParticipant.Sector.GOVERNMENT
            ]


class MeetingOutcomeForm(forms.Form):
    outcome_note = forms.CharField(
        label=_("Outcome note"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("What the meeting achieved, and what follows."),
    )


from .models import ConsentDecision  # noqa: E402


class ConsentForm(forms.Form):
    """A decision of the State under review on publishing one item of its review."""

    item = forms.ChoiceField(label=_("What may be published"), choices=ConsentDecision.Item.choices)
    decision = forms.ChoiceField(label=_("Decision"), choices=ConsentDecision.Decision.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput, initial=timezone.localdate)
    incoming_note = forms.ModelChoiceField(
        label=_("Note verbale it rests on"), queryset=None, required=False, empty_label="—"
    )
    message = forms.CharField(
        label=_("Or the message it rests on"),
        max_length=500,
        required=False,
        help_text=_("e.g. the e-mail of the focal point of 3 May 2024."),
    )

    def __init__(self, *args, review, staff: bool, **kwargs):
        from sessions.models import IncomingNote

        super().__init__(*args, **kwargs)
        if staff:
            field = self.fields["incoming_note"]
            field.queryset = IncomingNote.objects.filter(state_id=review.state_id).order_by("-received_on")
            # The drop-down in one query, labelled as the notes label themselves (``str``): the
            # State is the review's, not read again per note, and no server-side cursor.
            notes = field.queryset.values_list("pk", "their_reference", "subject", "received_on")
            state = str(review.state)
            field.choices = [("", field.empty_label)] + [
                (pk, f"{state} — {reference or subject} ({received_on})")
                for pk, reference, subject, received_on in notes
            ]
        else:  # the focal point's own decision is its basis
            del self.fields["incoming_note"]
            del self.fields["message"]
