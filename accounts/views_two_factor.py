"""The pages of two-factor sign-in (``accounts.two_factor``): setting up an authenticator app,
typing the code of a sign-in, new recovery codes."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from reviewmech.forms import add_service_error

from . import audit, two_factor


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "home"


def _private(response):
    add_never_cache_headers(response)
    return response


@login_required
def two_factor_setup(request):
    """Set up (or set up again) the authenticator app: its QR code and secret, then its first
    code; the recovery codes are shown once, on the next page."""
    if two_factor.is_enrolled(request.user) and not request.user.is_verified():
        return redirect("accounts:two_factor_verify")  # set up already: prove it first
    device = two_factor.setup_start(request.user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.setup_confirm(request, device, form.cleaned_data["token"])
        except ValidationError as exc:
            add_service_error(form, exc)
            status = 422
        else:
            return _codes_page(request, codes, first=True)
    elif request.method == "POST":
        status = 422
    context = {
        "form": form,
        "qr_code": two_factor.qr_code(device),
        "secret": two_factor.secret_for_typing(device),
        "required": two_factor.required_of(request.user),
        "next": _next(request) if _next(request) != "home" else "",
    }
    return _private(render(request, "accounts/two_factor_setup.html", context, status=status))


@login_required
def two_factor_verify(request):
    """The second step of signing in."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not two_factor.is_enrolled(request.user):
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.verify(request, form.cleaned_data["token"])
        except ValidationError as exc:
            add_service_error(form, exc)
            status = 422
        else:
            return redirect(_next(request))
    elif request.method == "POST":
        status = 422
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return _private(render(request, "accounts/two_factor_verify.html", context, status=status))


@require_POST
@login_required
def two_factor_codes_renew(request):
    """Ten new recovery codes (the old ones stop working), shown once."""
    if not request.user.is_verified():
        raise PermissionDenied
    codes = two_factor.recovery_codes_renew(request.user)
    audit.record(audit.Kind.RECOVERY_CODES_RENEWED, request=request)
    return _codes_page(request, codes, first=False)


def _codes_page(request, codes, *, first):
    context = {"codes": codes, "first": first, "next": _next(request) if _next(request) != "home" else ""}
    return _private(render(request, "accounts/two_factor_codes.html", context))
