import factory
from django.utils import timezone

from resources.models import Resource, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published resource that links to a document elsewhere."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"resource-{n}")
    type = Resource.Type.ARTICLE
    title = factory.Sequence(lambda n: f"Document {n}")
    language = Resource.Language.FRENCH
    year = 2005
    link = factory.Sequence(lambda n: f"https://example.org/documents/{n}.pdf")
    status = Resource.Status.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Resource.Status.PUBLISHED else None
    )

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.countries.set(extracted)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)
