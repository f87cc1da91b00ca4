"""The secretariat's operations page: the work the system owes and could not yet do —
renditions stuck or failed, e-mails late or given up — with a button to try each again."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.selectors import renditions_needing_attention
from reviewmech.views import secretariat_required

from ..models import ReviewEvent
from ..services.notifications import events_needing_attention, notification_resend


@secretariat_required
def operations(request):
    context = {"renditions": renditions_needing_attention(), "events": events_needing_attention()}
    return render(request, "reviews/operations.html", context)


@require_POST
@secretariat_required
def operations_resend(request, pk):
    event = get_object_or_404(ReviewEvent, pk=pk)
    notification_resend(event=event, actor=request.user)
    messages.success(request, _("The e-mails are being sent again; nobody gets one twice."))
    return redirect("reviews:operations")
