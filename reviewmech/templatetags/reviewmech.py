from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from reviewmech.i18n import is_rtl, translated
from reviewmech.i18n import long_date as _long_date

register = template.Library()


@register.simple_tag
def tr(obj, field):
    """Render a translated field; a missing translation shows the text in the language it
    exists in, marked as such ("English only", "Only in French")."""
    return shown(translated(obj, field))


@register.simple_tag
def shown(value):
    """Render a :class:`reviewmech.i18n.Translated`: as it is in the page's language, else in
    its own language and direction (known, so set: WeasyPrint ignores ``dir="auto"``) with
    the badge. Pages and PDFs both use it."""
    if not value.is_fallback:
        return value.text
    direction = "rtl" if is_rtl(value.language) else "ltr"
    return format_html(
        '<span lang="{}" dir="{}">{}</span> {}', value.language, direction, value.text, fallback_badge(value.language)
    )


@register.simple_tag
def fallback_badge(language_code):
    """The badge beside a text shown in another language than the page's."""
    if language_code == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        label = _("English only")
    else:
        label = _("Only in %(language)s") % {"language": get_language_info(language_code)["name_translated"]}
    return format_html(
        '<span class="fallback-badge" lang="{}" dir="{}" title="{}">{}</span>',
        get_language(),
        "rtl" if is_rtl() else "ltr",
        _("Not yet translated into this language."),
        label,
    )


@register.simple_tag(takes_context=True)
def language_links(context):
    """The six languages with the address of the current page in each."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {"code": code, "name": name, "url": translate_url(path, code), "active": code == current}
        for code, name in settings.LANGUAGES
    ]


@register.filter
def get(mapping, key):
    """``{{ counts|get:key }}``: a dictionary's value, None when it has none."""
    return mapping.get(key) if mapping else None


@register.filter
def long_date(value, weekday=False):
    """``{{ day|long_date }}``: the date as the page's language writes it ("2011年10月25日");
    ``{{ day|long_date:"weekday" }}`` with the day of the week."""
    return _long_date(value, weekday=bool(weekday)) if value else ""
