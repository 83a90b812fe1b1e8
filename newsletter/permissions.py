"""Who may do what with the newsletter and the news.

Everything published is public, and any visitor may subscribe (the double
opt-in proves the address). Publishing news, which mails flash news, and
sending an issue to the subscribers are the secretariat's: holders of the
``change`` permission of the news or of the issues (the Secretariat group),
never ``is_staff`` alone. A person without an account or a Django user (a
command, a scheduled task) acts as the system."""

from kernel.permissions import has_permission

PUBLISH_NEWS = "newsletter.change_news"
DISPATCH_ISSUE = "newsletter.change_issue"


def may_publish_news(user) -> bool:
    return has_permission(user, PUBLISH_NEWS)


def may_dispatch_issue(user) -> bool:
    return has_permission(user, DISPATCH_ISSUE)


def may_dispatch(user, *, news=None) -> bool:
    """Sends ``news`` (flash news) or an issue to its subscribers; ``user`` None
    is the system (a command, a task)."""
    if user is None:
        return True
    return may_publish_news(user) if news is not None else may_dispatch_issue(user)
