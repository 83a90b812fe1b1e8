from django.core.management.base import BaseCommand, CommandError

from opendata.exports.build import DataBuildRunning, data_build, data_dir
from opendata.exports.schedule import data_build_if_stale


class Command(BaseCommand):
    help = (
        "Build the open-data files served under /data/ (inventory.csv, "
        "inventory.xlsx, synthesis.csv, organizations.csv, datapackage.json) when "
        "the data changed "
        "since the last build, as the Celery task does; always with --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="build even if nothing changed"
        )

    def handle(self, *args, **options):
        if options["force"]:
            try:
                build = data_build()
            except DataBuildRunning as error:
                raise CommandError("Another build is running; try later.") from error
        else:
            build = data_build_if_stale(min_interval=0)
        if build is None:
            self.stdout.write("The data files are up to date (or being built).")
            return
        seconds = (build.finished_at - build.started_at).total_seconds()
        self.stdout.write(
            f"Built {len(build.files)} files in {data_dir()} from {build.records} "
            f"records of {build.mhos} MHOs in {seconds:.1f} s: version "
            f"{build.identifier}."
        )
