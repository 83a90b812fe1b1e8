"""The synthesis rows, their dirty marks and the data builds move to the
opendata app. Their tables stay (opendata names them): only the state moves."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('inventory', '0008_bound_messages_and_review_comments'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.DeleteModel(
            name='DataBuild',
        ),
        migrations.RemoveField(
            model_name='synthesisrow',
            name='country',
        ),
        migrations.DeleteModel(
            name='DirtySynthesis',
        ),
        migrations.DeleteModel(
            name='SynthesisRow',
        ),
    ],
            database_operations=[],
        ),
    ]
