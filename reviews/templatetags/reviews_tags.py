import unicodedata

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


@register.filter
def text_direction(text) -> str:
    """The direction of a text someone typed, found as a browser finds it for ``dir="auto"``:
    that of its first letter with a strong direction — "rtl" for Arabic or Hebrew, "ltr" for
    Latin, Cyrillic, Chinese... — or "auto" when it has none (figures only: it takes the
    page's). For the PDFs: WeasyPrint ignores ``dir="auto"`` and ``unicode-bidi: plaintext``,
    so an Arabic answer in an English PDF would be set from the left."""
    for char in str(text or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"
