"""Template tags of the active dialogue (meetings of a review)."""

from django import template

from reviews.selectors.dialogue import next_meeting as _next_meeting

register = template.Library()


@register.simple_tag
def next_meeting(review):
    """The meeting of ``review`` under way or to come next, or None: one query. The caller
    shows it only on a page of a review the person may see."""
    return _next_meeting(review)
