from django.core.management.base import BaseCommand

from opendata.services.refresh import synthesis_refresh, synthesis_refresh_dirty


class Command(BaseCommand):
    help = (
        "Rebuild the synthesis rows marked dirty (what the Celery task and its "
        "periodic sweep do), or every row with --all; the open-data files are "
        "then marked stale and their build queued."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="rebuild every row")

    def handle(self, *args, **options):
        if options["all"]:
            count = synthesis_refresh()
            self.stdout.write(f"Rebuilt {count} country-year row(s).")
        else:
            count = synthesis_refresh_dirty()
            self.stdout.write(f"Rebuilt {count} dirty country-year pair(s).")
        if count:
            self.stdout.write(
                "The open-data files are out of date until their next build "
                "(queued; `manage.py build_data_files` builds them now)."
            )
