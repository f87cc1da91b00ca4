"""Deployment checks of the accounts (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def two_factor_is_not_waived(app_configs, **kwargs):
    """The demo and the tests may sign in without a second factor; production may not."""
    if settings.TWO_FACTOR_EXEMPT:
        return [
            checks.Error(
                "TWO_FACTOR_EXEMPT is on: the roles that must sign in with a second factor would not.",
                hint="Unset TWO_FACTOR_EXEMPT (it is for the demo and the tests).",
                id="accounts.E001",
            )
        ]
    return []
