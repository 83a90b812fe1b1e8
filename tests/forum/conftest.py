from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

FORUM_FIXTURE = str(Path(settings.BASE_DIR) / "fixtures" / "forum.json")


@pytest.fixture
def forum_fixture(network):
    """The real calendar and forums, on top of the network directory."""
    call_command("loaddata", FORUM_FIXTURE, verbosity=0)
