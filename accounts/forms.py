from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils import translation

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "organization", "phone", "preferred_language")


class PasswordResetForm(auth_forms.PasswordResetForm):
    """The reset e-mail is written in the language the person chose, not the page's."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        with translation.override(context["user"].preferred_language):
            super().send_mail(subject_template_name, email_template_name, context, from_email, to_email, **kwargs)
