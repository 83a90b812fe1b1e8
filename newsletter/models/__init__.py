from .dispatch import Delivery, Dispatch
from .issues import Edition, Issue, Language
from .news import News
from .subscriptions import Subscription

__all__ = [
    "Delivery",
    "Dispatch",
    "Edition",
    "Issue",
    "Language",
    "News",
    "Subscription",
]
