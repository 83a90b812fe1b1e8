"""Writes of the newsletter app: subscriptions, publishing, dispatch."""

from .dispatch import (
    MailServerUnavailable,
    dispatch_create,
    dispatch_send_batch,
    dispatch_start,
    issue_dispatch,
)
from .issues import (
    issue_preview,
    issue_publish,
    issue_send_test,
    issue_send_tests,
    issue_unpublish,
)
from .news import news_publish, news_unpublish
from .runs import (
    Step,
    StepState,
    delivery_release_stale,
    dispatch_resume_stale,
    dispatch_send_all,
    dispatch_step,
)
from .subscriptions import (
    SubscribeOutcome,
    subscription_check_confirm_token,
    subscription_check_unsubscribe_token,
    subscription_confirm,
    subscription_for_user,
    subscription_request,
    subscription_save_for_user,
    subscription_unsubscribe,
    subscription_unsubscribe_by_token,
)

__all__ = [
    "MailServerUnavailable",
    "Step",
    "StepState",
    "SubscribeOutcome",
    "delivery_release_stale",
    "dispatch_create",
    "dispatch_resume_stale",
    "dispatch_send_all",
    "dispatch_send_batch",
    "dispatch_start",
    "dispatch_step",
    "issue_dispatch",
    "issue_preview",
    "issue_publish",
    "issue_send_test",
    "issue_send_tests",
    "issue_unpublish",
    "news_publish",
    "news_unpublish",
    "subscription_check_confirm_token",
    "subscription_check_unsubscribe_token",
    "subscription_confirm",
    "subscription_for_user",
    "subscription_request",
    "subscription_save_for_user",
    "subscription_unsubscribe",
    "subscription_unsubscribe_by_token",
]
