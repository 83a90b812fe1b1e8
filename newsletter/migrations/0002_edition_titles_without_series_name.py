"""Take the series name and issue number off the stored edition titles
("Concertation Mail n° 61 : Les unions" becomes "Les unions"): the subject
and the pages add them, and said twice they made the subject read
"Concertation Mail – Numéro 61 : Concertation Mail n° 61 : …"."""

from django.db import migrations

from newsletter.titles import edition_title_without_series


def titles_strip(apps, schema_editor):
    Edition = apps.get_model("newsletter", "Edition")
    changed = []
    for edition in Edition.objects.select_related("issue").only(
        "title", "issue__number"
    ):
        title = edition_title_without_series(edition.title, number=edition.issue.number)
        if title != edition.title:
            edition.title = title
            changed.append(edition)
    Edition.objects.bulk_update(changed, ["title"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial")]

    operations = [migrations.RunPython(titles_strip, migrations.RunPython.noop)]
