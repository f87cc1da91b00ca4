from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.models import CountryReview

register = template.Library()


@register.simple_tag
def days_between(start, end):
    if not start or not end:
        return ""
    return (end - start).days


@register.simple_tag
def status_badge(review):
    """The review's status; an active review past its indicative date says so."""
    label = review.get_status_display()
    css = review.status
    if (
        review.status == CountryReview.Status.ACTIVE
        and review.current_due
        and review.current_due < timezone.localdate()
    ):
        label, css = _("Overdue"), "overdue"
    return format_html('<span class="badge badge-{}">{}</span>', css, label)


@register.simple_tag
def delay(days):
    """A delay in words: late, early or on time (never a score)."""
    if days is None or days == "":
        return ""
    if days > 0:
        return ngettext("%(days)s day late", "%(days)s days late", days) % {"days": days}
    if days < 0:
        return ngettext("%(days)s day early", "%(days)s days early", -days) % {"days": -days}
    return _("on time")
