"""Publishing news; flash news is e-mailed when it is published."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..models import Language, News
from ..permissions import may_publish_news
from .dispatch import dispatch_create, dispatch_start


def news_publish(*, news: News, user=None) -> News:
    """Publish ``news`` now (or keep its planned date). Flash news is queued
    for mailing to the registered users who asked for it, once per language
    (publishing twice mails nobody twice: dispatches are idempotent).
    ``user`` None is the system (a command)."""
    if user is not None and not may_publish_news(user):
        raise PermissionDenied
    with transaction.atomic():
        if news.published_at is None:
            news.published_at = timezone.now()
        news.full_clean()
        news.save()
        if news.is_flash:
            for language in Language.values:
                dispatch = dispatch_create(news=news, language=language, user=user)
                dispatch_start(dispatch=dispatch)
    return news


def news_unpublish(*, news: News) -> News:
    """Take ``news`` off the site; it is a draft again (mail already sent stays
    sent, and publishing it again mails nobody twice)."""
    News.objects.filter(pk=news.pk).update(published_at=None)
    news.published_at = None
    return news
