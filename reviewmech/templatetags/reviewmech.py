from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reviewmech.i18n import translated

register = template.Library()


@register.simple_tag
def tr(obj, field):
    """Render a translated field; a missing translation shows the English text marked as such."""
    value = translated(obj, field)
    if not value.is_fallback:
        return value.text
    return format_html(
        '<span lang="{}">{}</span> <span class="fallback-badge" title="{}">{}</span>',
        value.language,
        value.text,
        _("Not yet translated into this language."),
        _("English only"),
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
