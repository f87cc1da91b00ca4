"""Demonstration data for `make run`: idempotent, built from the real reference data."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import User
from accounts.services import user_create
from reviewmech.roles import Role

from ..models import State

DEMO_PASSWORD = "reviewmech-demo"  # noqa: S105 - printed for the demo, never used in production


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    state_code: str | None
    first_name: str
    last_name: str
    language: str
    superuser: bool = False

    @property
    def description(self):
        if self.superuser:
            return "superuser (administration)"
        label = Role(self.role).label
        state = State.objects.get(code=self.state_code).name_en if self.state_code else ""
        return f"{label}{f' of {state}' if state else ''} (language: {self.language})"


# A focal point of a State under review, an expert of a reviewing State, an observer from
# a Permanent Mission, secretariat staff and an administrator.
DEMO_ACCOUNTS = (
    DemoAccount("admin", "", None, "Ada", "Admin", "en", superuser=True),
    DemoAccount("secretariat", Role.SECRETARIAT, None, "Sofia", "Secretariat", "en"),
    DemoAccount("focalpoint", Role.FOCAL_POINT, "KEN", "Amina", "Odhiambo", "en"),
    DemoAccount("expert", Role.EXPERT, "FRA", "Julien", "Moreau", "fr"),
    DemoAccount("observer", Role.OBSERVER, "MAR", "Youssef", "Benali", "ar"),
)


@dataclass
class DemoResult:
    accounts: list[DemoAccount]
    created: list[str] = field(default_factory=list)

    @property
    def summary(self):
        if not self.created:
            return "already in place"
        return "created " + ", ".join(self.created)


def _account(spec: DemoAccount) -> bool:
    if User.objects.filter(username=spec.username).exists():
        return False
    if spec.superuser:
        User.objects.create_superuser(
            spec.username,
            f"{spec.username}@reviewmech.localhost",
            DEMO_PASSWORD,
            first_name=spec.first_name,
            last_name=spec.last_name,
        )
        return True
    user_create(
        username=spec.username,
        email=f"{spec.username}@reviewmech.localhost",
        password=DEMO_PASSWORD,
        role=spec.role,
        state=State.objects.get(code=spec.state_code) if spec.state_code else None,
        first_name=spec.first_name,
        last_name=spec.last_name,
        preferred_language=spec.language,
    )
    return True


@transaction.atomic
def demo_seed() -> DemoResult:
    result = DemoResult(accounts=list(DEMO_ACCOUNTS))
    created = [spec.username for spec in DEMO_ACCOUNTS if _account(spec)]
    if created:
        result.created.append(f"{len(created)} accounts")
    return result
