"""Form helpers every app shares: a service's refusal put on a form, and a date picker that
works in every language."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404


def add_service_error(form, exc):
    """Put a service's ValidationError on the form: on its field when the error names one the
    form has, otherwise above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def submit_to_service(form, action) -> bool:
    """Validate the form and call the service ``action`` with its cleaned data. True once
    done; False with the reasons on the form. A refused permission is a 404 revealing nothing."""
    if not form.is_valid():
        return False
    try:
        action(**form.cleaned_data)
    except ValidationError as exc:
        add_service_error(form, exc)
        return False
    except PermissionDenied as exc:
        raise Http404 from exc
    return True


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO (YYYY-MM-DD), whatever the page's
    language: a localised value such as 23/11/2026 leaves the field empty."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)
