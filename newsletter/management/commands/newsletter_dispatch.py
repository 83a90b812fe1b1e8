from django.core.management.base import BaseCommand, CommandError

from newsletter.models import Issue, Language
from newsletter.services import dispatch_create, dispatch_send_all, dispatch_start


class Command(BaseCommand):
    help = (
        "Dispatch an issue to the confirmed subscribers of one language. "
        "Idempotent: running it again only adds people who subscribed since. "
        "Queues the sending (Celery, or in-process without a broker); --now "
        "sends in this process at the dispatch's pace."
    )

    def add_arguments(self, parser):
        parser.add_argument("issue", type=int, help="issue number")
        parser.add_argument("language", choices=Language.values)
        parser.add_argument("--batch-size", type=int)
        parser.add_argument("--rate", type=int, help="mails per minute")
        parser.add_argument("--now", action="store_true", help="send in this process")

    def handle(self, *args, **options):
        issue = Issue.objects.filter(number=options["issue"]).first()
        if issue is None:
            raise CommandError(f"No issue number {options['issue']}.")
        if not issue.is_published:
            raise CommandError(f"Issue {issue.number} is not published.")
        if issue.edition_for(options["language"]) is None:
            raise CommandError(f"Issue {issue.number} has no edition.")
        dispatch = dispatch_create(
            issue=issue,
            language=options["language"],
            batch_size=options["batch_size"],
            rate_per_minute=options["rate"],
        )
        total = dispatch.deliveries.count()
        if options["now"]:
            step = dispatch_send_all(dispatch_id=dispatch.pk)
            self.stdout.write(f"Dispatch {dispatch.pk}: {step.state.value}.")
        else:
            dispatch_start(dispatch=dispatch)
            self.stdout.write(f"Dispatch {dispatch.pk} queued.")
        sent = dispatch.deliveries.filter(status="sent").count()
        self.stdout.write(f"{sent} of {total} deliveries sent.")
