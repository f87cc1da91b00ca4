"""factory_boy factories for every model the tests create."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from reference.models import State
from reviewmech.roles import Role


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
        ngo = factory.Trait(role=Role.NGO, state=None)


def ngo_member(organization, **kwargs):
    """An active NGO account of ``organization``."""
    from ngo_briefings.models import Member

    user = UserFactory(ngo=True, organization=organization.name, **kwargs)
    Member.objects.create(user=user, organization=organization)
    return user


def cycle(mechanism="irm", number=2):
    from reference.models import ReviewCycle

    return ReviewCycle.objects.get(mechanism__code=mechanism, number=number)


def first_step(mechanism_code):
    from reviews.models import WorkflowStep

    return WorkflowStep.objects.filter(mechanism__code=mechanism_code).order_by("order").first()


class CountryReviewFactory(DjangoModelFactory):
    """A UNCAC cycle-2 review of Kenya, scheduled (not yet notified) unless told otherwise."""

    class Meta:
        model = "reviews.CountryReview"

    cycle = factory.LazyFunction(cycle)
    state = factory.LazyFunction(lambda: state("KEN"))
    instrument = factory.LazyAttribute(lambda o: o.cycle.mechanism.instruments.order_by("order").first())
    year = 2017
    current_step = factory.LazyAttribute(lambda o: first_step(o.cycle.mechanism.code))


class LotDrawFactory(DjangoModelFactory):
    class Meta:
        model = "reviews.LotDraw"

    cycle = factory.LazyFunction(cycle)
    kind = "reviewers"
    seed = factory.Sequence(lambda n: f"seed-{n}")


class ReviewerAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = "reviews.ReviewerAssignment"

    review = factory.SubFactory(CountryReviewFactory)
    state = factory.LazyFunction(lambda: state("UGA"))
    basis = "same_group"
    draw = factory.SubFactory(LotDrawFactory, cycle=factory.SelfAttribute("..review.cycle"))


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = "reviews.Participant"

    review = factory.SubFactory(CountryReviewFactory)
    user = factory.SubFactory(UserFactory)
    role = factory.LazyAttribute(lambda o: o.user.role)
    reviewing_state = factory.LazyAttribute(lambda o: o.user.state if o.user.role == Role.EXPERT else None)


def article_of(review, number):
    from reference.models import Article

    return Article.objects.get(instrument=review.instrument, number=number)


class FindingFactory(DjangoModelFactory):
    """A challenge on article 5 of the review's instrument, written in English."""

    class Meta:
        model = "reviews.Finding"

    review = factory.SubFactory(CountryReviewFactory)
    article = factory.LazyAttribute(lambda o: article_of(o.review, 5))
    kind = "challenge"
    text_en = factory.Sequence(lambda n: f"Finding {n}")
