import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reviewmech.forms import add_service_error

from . import audit, two_factor
from .forms import ApiTokenForm, ProfileForm
from .models import ApiToken, SignedInSession
from .services import (
    activation_complete,
    activation_link_user,
    api_token_create,
    api_token_revoke,
    user_update_profile,
)
from .session_control import end_session, end_sessions
from .throttle import over_limit

#: Where a new token waits in the session until the profile shows it, once.
NEW_API_TOKEN_SESSION_KEY = "accounts_new_api_token"  # noqa: S105  (a session key, not a secret)


def _in_language(response, url, language):
    """Redirect to ``url`` in ``language`` and remember the choice."""
    response["Location"] = translate_url(url, language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


class LoginView(auth_views.LoginView):
    """Sign in, then continue in the person's preferred language."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        return _in_language(response, response["Location"], self.request.user.preferred_language)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in refused after too many failures for this account or from
    this address: the sign-in page again, saying when to try again — never which of the name or
    the password was wrong, and the same whether the account exists or not."""
    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    refusal = ngettext(
        "Too many failed attempts to sign in. Try again in %(minutes)d minute.",
        "Too many failed attempts to sign in. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    context = {"form": AuthenticationForm(request), "refusal": refusal, "next": request.POST.get("next", "")}
    response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link; at most so many requests per client address (then a page saying
    when to try again) and per e-mail address (then nothing is sent, silently: the page never
    tells whether an address has an account, nor floods a mailbox)."""

    def post(self, request, *args, **kwargs):
        wait = over_limit(
            "password-reset-address",
            request.META.get("REMOTE_ADDR", ""),
            limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
            window=settings.PASSWORD_RESET_WINDOW_SECONDS,
        )
        if wait is not None:
            minutes = max(1, math.ceil(wait / 60))
            refusal = ngettext(
                "Too many requests from your connection. Try again in %(minutes)d minute.",
                "Too many requests from your connection. Try again in %(minutes)d minutes.",
                minutes,
            ) % {"minutes": minutes}
            context = self.get_context_data(form=self.get_form_class()(), refusal=refusal)
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        limit, window = settings.PASSWORD_RESET_LIMIT_PER_EMAIL, settings.PASSWORD_RESET_WINDOW_SECONDS
        if over_limit("password-reset-email", email, limit=limit, window=window) is not None:
            return HttpResponseRedirect(self.get_success_url())  # as if sent
        return super().form_valid(form)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = user_update_profile(user=request.user, data=form.cleaned_data)
        with translation.override(user.preferred_language):
            messages.success(request, _("Your profile has been saved."))
        return _in_language(redirect("accounts:profile"), reverse("accounts:profile"), user.preferred_language)
    return _profile_page(request, form=form)


def _profile_page(request, *, form=None, token_form=None, status=200):
    """The profile page: the profile form, then the person's API tokens and the form for a new
    one. A token just created is in the session: shown on this page once, then gone."""
    new_token = request.session.pop(NEW_API_TOKEN_SESSION_KEY, None)
    context = {
        "form": form or ProfileForm(instance=request.user),
        "token_form": token_form or ApiTokenForm(user=request.user, prefix="token"),
        "api_tokens": ApiToken.objects.filter(user=request.user),
        "new_api_token": new_token,
        "signed_in_sessions": SignedInSession.objects.filter(user=request.user),
        "this_session": request.session.session_key,
        "two_factor_enrolled": two_factor.is_enrolled(request.user),
        "two_factor_required": two_factor.required_of(request.user),
        "recovery_codes_left": two_factor.recovery_codes_left(request.user),
        "session_limited_roles": settings.SESSION_LIMITED_ROLES,
        "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
        "session_absolute_hours": settings.SESSION_ABSOLUTE_HOURS,
    }
    response = render(request, "accounts/profile.html", context, status=status)
    if new_token:
        add_never_cache_headers(response)
    return response


def _tokens_section():
    return reverse("accounts:profile") + "#api-tokens"


@require_POST
@login_required
def api_token_create_view(request):
    """Create a personal API token; the profile then shows it once."""
    form = ApiTokenForm(request.POST, user=request.user, prefix="token")
    if form.is_valid():
        try:
            _token, secret = api_token_create(
                user=request.user,
                actor=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                scope=form.cleaned_data["scope"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            request.session[NEW_API_TOKEN_SESSION_KEY] = secret
            return redirect(_tokens_section())
    return _profile_page(request, token_form=form, status=422)


@require_POST
@login_required
def api_token_revoke_view(request, pk):
    """Revoke one of one's own tokens; anybody else's is a 404."""
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk, user=request.user)
    try:
        api_token_revoke(token=token, actor=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect(_tokens_section())


def activate(request, token):
    """A nominated person chooses a password: the account is active from then on. Every
    unusable link (expired, used, unknown) gets the same page."""
    try:
        user = activation_link_user(token)
    except ValidationError as exc:
        return render(request, "registration/activation_invalid.html", {"reason": exc.messages[0]}, status=404)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activation_complete(token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            messages.success(request, _("Your account is active. Sign in with your user name and new password."))
            return redirect("accounts:login")
    return render(
        request, "registration/activation.html", {"form": form, "person": user}, status=422 if form.errors else 200
    )


def _sessions_section():
    return reverse("accounts:profile") + "#sessions"


@require_POST
@login_required
def session_end_view(request, pk):
    """End one of the person's other sessions (a browser left signed in elsewhere)."""
    if end_session(request.user, pk):
        audit.record(audit.Kind.SESSIONS_ENDED, request=request, what=f"one (#{pk})")
        messages.success(request, _("That session has ended: the browser that held it is signed out."))
    return redirect(_sessions_section())


@require_POST
@login_required
def sessions_end_all_view(request):
    """Sign out everywhere: every session of the person ends, this one too."""
    ended = end_sessions(request.user, keep=request.session.session_key)
    audit.record(audit.Kind.SESSIONS_ENDED, request=request, what=f"all ({ended + 1})")
    logout(request)
    messages.success(request, _("You are signed out everywhere: every browser signed in as you must sign in again."))
    return redirect("accounts:login")
