from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .services import activation_complete, activation_link_user, user_update_profile


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


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = user_update_profile(user=request.user, data=form.cleaned_data)
        with translation.override(user.preferred_language):
            messages.success(request, _("Your profile has been saved."))
        return _in_language(redirect("accounts:profile"), reverse("accounts:profile"), user.preferred_language)
    return render(request, "accounts/profile.html", {"form": form})


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
