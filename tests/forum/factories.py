from datetime import date, timedelta

import factory
from django.utils import timezone

from forum.models import Event, ForumEdition, ProceedingsDocument
from tests.factories import CountryFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = Event.Kind.WORKSHOP
    title_fr = factory.Sequence(lambda n: f"Atelier {n}")
    title_en = factory.Sequence(lambda n: f"Workshop {n}")
    description_fr = "Un atelier sur les **mutuelles de santé**."
    description_en = "A workshop on **mutual health organizations**."
    country = factory.SubFactory(CountryFactory)
    city = "Thiès"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=1))
    status = Event.Status.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Event.Status.PUBLISHED else None
    )

    @factory.post_generation
    def organizers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organizers.set(extracted)


class ForumEditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumEdition

    number = factory.Sequence(lambda n: n + 1)
    year = factory.Sequence(lambda n: 1998 + n % 100)
    event = factory.SubFactory(
        EventFactory,
        kind=Event.Kind.FORUM,
        starts_on=factory.LazyAttribute(lambda o: date(o.factory_parent.year, 11, 26)),
    )
    theme_fr = "Les mutuelles et l'État"
    theme_en = "Mutuals and the State"
    questions_fr = "- Première question ?\n- Deuxième question ?"
    questions_en = "- First question?\n- Second question?"
    participants = 120
    nationalities = 12


class ProceedingsDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProceedingsDocument

    edition = factory.SubFactory(ForumEditionFactory)
    slug = factory.Sequence(lambda n: f"document-{n}")
    title_fr = factory.Sequence(lambda n: f"Actes {n}")
    title_en = factory.Sequence(lambda n: f"Proceedings {n}")
    language = ProceedingsDocument.Language.FRENCH
    url = "https://example.org/actes.pdf"
