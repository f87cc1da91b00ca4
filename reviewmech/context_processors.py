from django.conf import settings
from django.utils.translation import get_language

from .roles import is_secretariat


def languages(request):
    """The six languages for the switcher, and the text direction of the active one."""
    code = get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_IS_RTL": code in settings.RTL_LANGUAGES,
        "UN_LANGUAGES": settings.LANGUAGES,
        "IS_SECRETARIAT": is_secretariat(getattr(request, "user", None)),
    }
