from django.core.management.base import BaseCommand

from inventory.services.synthesis import synthesis_rebuild, synthesis_rebuild_dirty


class Command(BaseCommand):
    help = (
        "Rebuild the synthesis rows marked dirty (what the Celery task and its "
        "periodic sweep do), or every row with --all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="rebuild every row")

    def handle(self, *args, **options):
        if options["all"]:
            count = synthesis_rebuild()
            self.stdout.write(f"Rebuilt {count} country-year row(s).")
        else:
            count = synthesis_rebuild_dirty()
            self.stdout.write(f"Rebuilt {count} dirty country-year pair(s).")
