from django.core.management.base import BaseCommand

from inventory.services.campaigns import campaign_send_reminders


class Command(BaseCommand):
    help = (
        "Mail the managers of MHOs that have not submitted the open campaign's "
        "record (at most once a week per MHO). Celery beat runs the same daily."
    )

    def handle(self, *args, **options):
        count = campaign_send_reminders()
        self.stdout.write(f"Reminders sent for {count} mutual(s).")
