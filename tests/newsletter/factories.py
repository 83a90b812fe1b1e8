import datetime

import factory
from django.utils import timezone

from newsletter.models import Edition, Issue, News, Subscription


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    number = factory.Sequence(lambda n: 100 + n)
    date = factory.Sequence(lambda n: datetime.date(2000 + n % 20, 1 + 4 * (n % 3), 1))
    is_published = True


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    issue = factory.SubFactory(IssueFactory)
    language = "fr"
    title = factory.Sequence(lambda n: f"Les mutuelles et la couverture maladie {n}")
    summary = "Un numéro consacré aux unions de mutuelles."
    body = "## Éditorial\n\nLes **mutuelles de santé** progressent."


def issue_with_editions(**kwargs) -> Issue:
    issue = IssueFactory(**kwargs)
    EditionFactory(issue=issue, language="fr", title=f"Numéro {issue.number}")
    EditionFactory(
        issue=issue,
        language="en",
        title=f"Issue {issue.number}",
        summary="An issue on unions of mutuals.",
        body="## Editorial\n\n**Mutual health organizations** are growing.",
    )
    return issue


class NewsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = News

    slug = factory.Sequence(lambda n: f"news-{n}")
    title_fr = factory.Sequence(lambda n: f"Actualité {n}")
    title_en = factory.Sequence(lambda n: f"News item {n}")
    body_fr = "Un atelier régional s'est tenu à Dakar."
    body_en = "A regional workshop took place in Dakar."
    published_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)
    )


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    language = "fr"
    confirmed_at = factory.LazyFunction(timezone.now)
