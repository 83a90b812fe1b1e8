"""Mail sent by the inventory's workflow, each in its recipient's language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from inventory.models import YearlyRecord


def record_managers(record: YearlyRecord):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True,
        mho_managements__mho_id=record.mho_id,
        mho_managements__status="approved",
    )


def _send(*, user, template: str, context: dict) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(user.language):
        subject = render_to_string(f"inventory/email/{template}_subject.txt", context)
        body = render_to_string(f"inventory/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def record_returned_notify(*, record: YearlyRecord) -> int:
    managers = list(record_managers(record))
    for manager in managers:
        _send(user=manager, template="record_returned", context={"record": record})
    return len(managers)


def campaign_reminder_send(*, campaign, mho) -> int:
    from django.contrib.auth import get_user_model

    managers = get_user_model().objects.filter(
        is_active=True, mho_managements__mho=mho, mho_managements__status="approved"
    )
    for manager in managers:
        _send(
            user=manager,
            template="campaign_reminder",
            context={"campaign": campaign, "mho": mho},
        )
    return len(managers)
