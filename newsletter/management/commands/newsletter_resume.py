from django.core.management.base import BaseCommand

from newsletter.services import dispatch_resume_stale


class Command(BaseCommand):
    help = (
        "Release deliveries left in 'sending' by a stopped worker (after "
        "NEWSLETTER_STALE_SECONDS) and queue every unfinished dispatch again."
    )

    def handle(self, *args, **options):
        ids = dispatch_resume_stale()
        if ids:
            listed = ", ".join(str(pk) for pk in ids)
            self.stdout.write(f"Resumed dispatches: {listed}.")
        else:
            self.stdout.write("No unfinished dispatch.")
