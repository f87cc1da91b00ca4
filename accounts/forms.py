from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reviewmech.roles import is_secretariat

from .models import ApiToken, User
from .services import API_TOKEN_DAYS


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "organization", "phone", "preferred_language")


class PasswordResetForm(auth_forms.PasswordResetForm):
    """The reset e-mail is written in the language the person chose, not the page's."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        with translation.override(context["user"].preferred_language):
            super().send_mail(subject_template_name, email_template_name, context, from_email, to_email, **kwargs)


class ApiTokenForm(forms.Form):
    """A new personal API token: what it is for, how long it lives and what it may do. Only
    secretariat staff are offered a token that writes (the service checks it again)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “tracking dashboard”."),
    )
    days = forms.TypedChoiceField(label=_("Lifetime"), coerce=int, initial=90)
    scope = forms.ChoiceField(label=_("Scope"), initial=ApiToken.Scope.READ)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (days, ngettext("%(days)d day", "%(days)d days", days) % {"days": days}) for days in API_TOKEN_DAYS
        ]
        self.fields["scope"].choices = [
            (value, label)
            for value, label in ApiToken.Scope.choices
            if value == ApiToken.Scope.READ or is_secretariat(user)
        ]
