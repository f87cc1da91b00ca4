"""Civil-society input to country reviews. Confidential: each page and file answers only those
the review involves (``selectors.inputs_visible_to``); everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import audit
from documents.files import CONTENT_TYPES
from reviewmech.forms import add_service_error
from reviewmech.i18n import alphabetical, translated
from reviewmech.roles import Role, is_secretariat
from reviewmech.views import secretariat_required
from reviews.access import can_edit_checklist
from reviews.models import CountryReview

from .. import services
from ..forms import InputForm, InputRecordForm, ReplyForm
from ..models import InputAttachment
from ..selectors import inputs_visible_to, registrations_of, reviews_taking_input


@login_required
def civil_society_home(request):
    """An organization: its registrations, its input and the reviews that take input now. The
    State under review, the experts and the secretariat: the input they may read."""
    user = request.user
    member = services.member_of(user)
    if member is None and not is_secretariat(user) and user.role not in (Role.FOCAL_POINT, Role.EXPERT):
        raise Http404
    items = (
        inputs_visible_to(user)
        .select_related("review__state", "review__instrument", "organization")
        .order_by("-received_on", "-pk")[:300]
    )
    context = {"member": member, "items": items, "is_staff": is_secretariat(user)}
    if member is not None:
        context["registrations"] = registrations_of(user)
    if member is not None or is_secretariat(user):
        # By the State's name as this page's language writes it.
        context["reviews"] = sorted(
            reviews_taking_input(), key=lambda r: alphabetical(translated(r.state, "name").text)
        )
    return render(request, "ngo_briefings/civil_society_home.html", context)


def _review_taking_input(pk):
    review = get_object_or_404(
        CountryReview.objects.select_related("state", "instrument", "current_step", "cycle"), pk=pk
    )
    return review


@login_required
def input_new(request, pk):
    """An organization writes its input on a review (while the review takes input)."""
    member = services.member_of(request.user)
    if member is None:
        raise Http404
    review = _review_taking_input(pk)
    meeting_possible = services.stakeholder_meeting_agreed(review)
    form = InputForm(request.POST or None, request.FILES or None, meeting_possible=meeting_possible)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.input_submit(actor=request.user, review=review, **form.service_arguments())
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Your input is received. The secretariat shares it with the review team."))
            return redirect("ngo_briefings:input", pk=item.pk)
    return render(
        request,
        "ngo_briefings/input_form.html",
        {"form": form, "review": review, "accepted": services.input_accepted(review)},
        status=422 if form.errors else 200,
    )


@secretariat_required
def input_record(request, pk):
    """The secretariat records input received by e-mail, letter or in a meeting."""
    review = _review_taking_input(pk)
    form = InputRecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.input_record(actor=request.user, review=review, **form.service_arguments())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The input is recorded."))
            return redirect("ngo_briefings:input", pk=item.pk)
    return render(
        request,
        "ngo_briefings/input_form.html",
        {"form": form, "review": review, "accepted": services.input_accepted(review), "recording": True},
        status=422 if form.errors else 200,
    )


def _visible_input(request, pk):
    items = inputs_visible_to(request.user).select_related(
        "review__state", "review__instrument", "review__cycle", "organization", "submitted_by", "replied_by"
    )
    return get_object_or_404(items.prefetch_related("attachments"), pk=pk)


@login_required
def input_detail(request, pk, reply_form=None, status=200):
    item = _visible_input(request, pk)
    staff = is_secretariat(request.user)
    may_reply = item.status != item.Status.RECEIVED and can_edit_checklist(request.user, item.review)
    context = {
        "item": item,
        "is_staff": staff,
        "may_reply": may_reply,
        "reply_form": reply_form or ReplyForm(initial={"reply": item.reply}),
        "history": item.history.select_related("history_user").order_by("history_date") if staff else None,
    }
    return render(request, "ngo_briefings/input_detail.html", context, status=status)


@require_POST
@secretariat_required
def input_share(request, pk):
    item = _visible_input(request, pk)
    try:
        services.input_share(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The input is shared with the review team."))
    return redirect("ngo_briefings:input", pk=pk)


@require_POST
@login_required
def input_reply(request, pk):
    item = _visible_input(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.input_reply(actor=request.user, item=item, reply=form.cleaned_data["reply"])
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The reply is saved."))
            return redirect("ngo_briefings:input", pk=pk)
    return input_detail(request, pk, reply_form=form, status=422)


@require_GET
@login_required
def input_file(request, pk, attachment_pk):
    item = _visible_input(request, pk)
    attachment = get_object_or_404(InputAttachment, pk=attachment_pk, input=item)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.filename, content_type=CONTENT_TYPES[attachment.kind]
    )
    response["Cache-Control"] = "private, no-store"
    audit.download(request, f"civil-society input #{item.pk}: “{attachment.filename}” (#{attachment.pk})")
    return response
