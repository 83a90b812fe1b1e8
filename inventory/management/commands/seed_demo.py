from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inventory.demo import DemoUnavailable, demo_accounts_create, demo_generate


class Command(BaseCommand):
    help = (
        "Replace the demonstration data (is_demo=True) by plausible, reproducible "
        "MHOs with validated yearly records over the focal-point countries. The "
        "same arguments give the same data. Needs the directory (load_network)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--mhos", type=int, default=300, help="MHOs to create")
        parser.add_argument(
            "--years", type=int, default=10, help="years of records, up to last year"
        )
        parser.add_argument("--seed", type=int, default=42, help="random seed")
        parser.add_argument(
            "--with-accounts",
            action="store_true",
            help="also get or create demo manager, focal-point and staff accounts "
            "(development only)",
        )
        parser.add_argument("--password", help="password of the demo accounts")

    def handle(self, *args, **options):
        with_accounts = options["with_accounts"]
        if with_accounts and settings.PRODUCTION:
            raise CommandError("--with-accounts is refused in production.")
        if with_accounts and not options["password"]:
            raise CommandError("--with-accounts needs --password.")
        try:
            summary = demo_generate(
                mhos=options["mhos"], years=options["years"], seed=options["seed"]
            )
            accounts = (
                demo_accounts_create(password=options["password"])
                if with_accounts
                else []
            )
        except DemoUnavailable as error:
            raise CommandError(str(error)) from error
        for line in accounts:
            self.stdout.write(line)
        self.stdout.write(
            f"Demo data: {summary.mhos} MHOs, {summary.records} yearly records "
            f"in {summary.seconds:.1f} s."
        )
