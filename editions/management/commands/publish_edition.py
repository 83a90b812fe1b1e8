"""Publish the next edition of a campaign year, as a member of the
secretariat would from the admin."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from editions.services import edition_publish


class Command(BaseCommand):
    help = "Publish the next edition of the inventory for a closed campaign year."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--as",
            dest="email",
            required=True,
            help="E-mail of the secretariat member who publishes it.",
        )

    def handle(self, *args, year, email, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the e-mail {email}.")
        try:
            edition = edition_publish(year=year, user=user)
        except PermissionDenied as error:
            raise CommandError(f"{email} may not publish editions.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Published edition {edition.identifier}: {edition.records} records, "
            f"{len(edition.files)} files."
        )
