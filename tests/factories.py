"""factory_boy factories for every model the tests create."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from reviewmech.roles import Role
from reviews.models import State


def state(code):
    return State.objects.get(code=code)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.OBSERVER
    state = factory.LazyFunction(lambda: state("AUT"))
    preferred_language = "en"
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        secretariat = factory.Trait(role=Role.SECRETARIAT, state=None, is_staff=True)
        focal_point = factory.Trait(role=Role.FOCAL_POINT, state=factory.LazyFunction(lambda: state("KEN")))
        expert = factory.Trait(role=Role.EXPERT, state=factory.LazyFunction(lambda: state("FRA")))
