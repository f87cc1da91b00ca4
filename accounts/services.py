"""Writes on accounts."""

from django.db import transaction

from reviewmech.roles import Role

from .models import User


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    password: str | None,
    role: str,
    state=None,
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "en",
    organization: str = "",
) -> User:
    """Create a person's account; validates role and State together (``User.clean``)."""
    user = User(
        username=username,
        email=email,
        role=role,
        state=state,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
        organization=organization,
        # Secretariat staff keep the reference data in the admin.
        is_staff=role == Role.SECRETARIAT,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def user_update_profile(*, user: User, data: dict) -> User:
    fields = list(data)
    for name, value in data.items():
        setattr(user, name, value)
    user.full_clean()
    user.save(update_fields=fields)
    return user
