"""What the views of the reviews app share: the review a person may see. Who may open a staff
page (``reviewmech.views.secretariat_required``) and a form run through a service
(``reviewmech.forms.submit_to_service``) are core helpers, shared by every app."""

from django.shortcuts import get_object_or_404

from ..models import CountryReview


def visible_review_or_404(request, pk):
    """The review if this person may see it; otherwise 404, revealing nothing."""
    queryset = CountryReview.objects.visible_to(request.user).select_related(
        "state", "instrument", "cycle", "cycle__mechanism"
    )
    return get_object_or_404(queryset, pk=pk)
