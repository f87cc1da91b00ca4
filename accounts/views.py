from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .services import user_update_profile


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
