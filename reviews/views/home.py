"""The public front page."""

from django.shortcuts import render

from reference.selectors import instruments_with_party_counts, mechanisms_overview


def home(request):
    """The public front page: the mechanisms, their cycles and their States parties."""
    return render(
        request,
        "reviews/home.html",
        {"mechanisms": mechanisms_overview(), "instruments": instruments_with_party_counts()},
    )
