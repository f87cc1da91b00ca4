from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import audit, checks, session_control, two_factor  # noqa: F401  (checks registers the deploy check)

        audit.connect()
        session_control.connect()
        two_factor.connect()
