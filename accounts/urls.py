from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views, views_two_factor
from .forms import PasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.api_token_create_view, name="api_token_create"),
    path("profile/tokens/<int:pk>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
    path("profile/sessions/<int:pk>/end/", views.session_end_view, name="session_end"),
    path("profile/sessions/end-all/", views.sessions_end_all_view, name="sessions_end_all"),
    path("two-factor/setup/", views_two_factor.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views_two_factor.two_factor_verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", views_two_factor.two_factor_codes_renew, name="two_factor_codes"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            form_class=PasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
