"""Organizations: an organization asks for an account (anyone may), and the secretariat's list
where it approves or declines them and gives their people accounts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviewmech.forms import add_service_error
from reviewmech.views import secretariat_required

from .. import services
from ..forms import JoinForm, MemberForm
from ..models import Organization
from ..selectors import organizations_for_staff


def join(request):
    """Anyone may ask; the account stays inactive until the secretariat approves the
    organization and the person follows the activation link then sent."""
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_register(**form.service_arguments())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return render(request, "ngo_briefings/join_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "ngo_briefings/join.html", {"form": form}, status=422 if form.errors else 200)


@secretariat_required
def organization_list(request):
    organizations = list(organizations_for_staff())
    return render(
        request,
        "ngo_briefings/organization_list.html",
        {
            "pending": [o for o in organizations if o.status == Organization.Status.PENDING],
            "organizations": [o for o in organizations if o.status != Organization.Status.PENDING],
        },
    )


@secretariat_required
def organization_detail(request, pk):
    organization = get_object_or_404(Organization.objects.select_related("country"), pk=pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.member_create(actor=request.user, organization=organization, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("The account is created; an activation link was sent to %(email)s.") % {"email": user.email}
            )
            return redirect("ngo_briefings:organization", pk=pk)
    members = organization.members.select_related("user").order_by("user__last_name")
    return render(
        request,
        "ngo_briefings/organization_detail.html",
        {"organization": organization, "members": members, "form": form},
        status=422 if form.errors else 200,
    )


@require_POST
@secretariat_required
def organization_decide(request, pk, decision):
    organization = get_object_or_404(Organization, pk=pk)
    action = services.organization_approve if decision == "approve" else services.organization_decline
    try:
        action(actor=request.user, organization=organization)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if decision == "approve":
            messages.success(
                request, _("%(name)s is approved; its people were sent activation links.") % {"name": organization.name}
            )
        else:
            messages.success(request, _("%(name)s is declined.") % {"name": organization.name})
    return redirect("ngo_briefings:organizations")
