from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

NETWORK_FIXTURES = [
    "countries.json",
    "network.json",
    "forum.json",
    "resource_themes.json",
    "newsletter.json",
    # The figures published before the portal (the long series of the synthesis).
    "reference_figures.json",
]


class Command(BaseCommand):
    help = (
        "Load the network directory from fixtures/ (countries, organizations, "
        "focal points, committees, governance) and the reference figures published "
        "before the portal. Rows are matched by natural key, "
        "so loading again updates them instead of adding duplicates."
    )

    def handle(self, *args, **options):
        fixtures_dir = Path(settings.BASE_DIR) / "fixtures"
        paths = [str(fixtures_dir / name) for name in NETWORK_FIXTURES]
        call_command("loaddata", *paths, verbosity=options["verbosity"])
