"""The role vocabulary of reviewmech, shared by every app.

A person's *role* says what kind of participant they are; what they may see of a given
country review is decided by the review's own assignments (see ``reviews.selectors``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat staff")
    FOCAL_POINT = "focal_point", _("National focal point")
    EXPERT = "expert", _("Governmental expert")
    OBSERVER = "observer", _("Observer (read-only)")
    NGO = "ngo", _("Civil-society organization")


#: Roles whose account belongs to one State (focal points, experts, observers).
STATE_ROLES = frozenset({Role.FOCAL_POINT, Role.EXPERT, Role.OBSERVER})


def is_secretariat(user) -> bool:
    """Secretariat staff and superusers run the mechanism."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.role == Role.SECRETARIAT
