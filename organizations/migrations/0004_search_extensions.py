"""PostgreSQL's unaccent and pg_trgm, for searches that ignore accents and for
the similar-names check (kernel.search); nothing to do on SQLite."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0003_country_population"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
    ]
