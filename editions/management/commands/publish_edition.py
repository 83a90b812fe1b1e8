"""Publish the next edition of a campaign year, as a member of the
secretariat would from the admin; with ``--demo``, the demonstration editions
``make run`` shows: ``<year>.1``, a few corrections of the demonstration data,
then ``<year>.2``, which supersedes it and has a changelog (once: nothing
happens when an edition exists)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from concertation.demo_accounts import demo_email
from editions.demo import demo_editions_publish
from editions.models import Edition
from editions.services import edition_publish
from inventory.models import YearlyRecord


class Command(BaseCommand):
    help = "Publish the next edition of the inventory for a closed campaign year."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, nargs="?")
        parser.add_argument(
            "--as",
            dest="email",
            help="E-mail of the secretariat member who publishes it.",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Publish two editions of the latest year with validated records "
            "as the demo secretariat account, with a few corrections of the demo "
            "data between them, unless an edition exists already.",
        )

    def handle(self, *args, year, email, demo, **options):
        if demo:
            if Edition.objects.exists():
                self.stdout.write("An edition exists already: nothing to do.")
                return
            email = email or demo_email("secretariat")
            year = year or (
                YearlyRecord.objects.public()
                .order_by("-year")
                .values_list("year", flat=True)
                .first()
            )
        if year is None or not email:
            raise CommandError("Give the year and --as <e-mail> (or --demo).")
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the e-mail {email}.")
        try:
            if demo:
                published = demo_editions_publish(year=year, user=user)
                edition = published.second or published.first
                self.stdout.write(
                    f"Published demo edition {published.first.identifier}, then "
                    f"{published.corrections} demo corrections."
                )
            else:
                edition = edition_publish(year=year, user=user)
        except PermissionDenied as error:
            raise CommandError(f"{email} may not publish editions.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Published edition {edition.identifier}: {edition.records} records, "
            f"{len(edition.files)} files."
        )
