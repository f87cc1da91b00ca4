from django.conf import settings
from django.utils.translation import get_language


def languages(request):
    """The six languages for the switcher, and the text direction of the active one."""
    code = get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_IS_RTL": code in settings.RTL_LANGUAGES,
        "UN_LANGUAGES": settings.LANGUAGES,
    }
