"""The models the inventory held until the open data had its own app: their
tables exist already (``inventory`` 0002 to 0008 created them), so only the
state is created here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('organizations', '0003_country_population'),
        ('inventory', '0009_move_synthesis_to_opendata'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='DataBuild',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_at', models.DateTimeField(verbose_name='started at')),
                ('identifier', models.CharField(blank=True, help_text='Start time (UTC, to the second) and a short hash of the data, e.g. 20261201T104207Z-3fa9c1: the version of the files and of their citation. Set when the build finishes.', max_length=40, verbose_name='identifier')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('records', models.PositiveIntegerField(default=0, verbose_name='validated yearly records')),
                ('mhos', models.PositiveIntegerField(default=0, verbose_name='approved MHOs')),
                ('has_demo', models.BooleanField(default=False, verbose_name='includes demonstration data')),
                ('files', models.JSONField(blank=True, default=dict, help_text='For each file name: its size in bytes and SHA-256 hash.', verbose_name='files')),
                ('stale_since', models.DateTimeField(blank=True, help_text='When the data first changed after this build started.', null=True, verbose_name='data changed since')),
                ('error', models.TextField(blank=True, verbose_name='error')),
            ],
            options={
                'verbose_name': 'data files build',
                'verbose_name_plural': 'data files builds',
                'db_table': 'inventory_databuild',
                'ordering': ['-started_at'],
                'indexes': [models.Index(fields=['-finished_at'], name='inventory_d_finishe_0301b1_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('identifier', ''), _negated=True), fields=('identifier',), name='databuild_identifier_unique')],
            },
        ),
        migrations.CreateModel(
            name='DirtySynthesis',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('marked_at', models.DateTimeField(auto_now=True)),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.country')),
            ],
            options={
                'verbose_name': 'synthesis to rebuild',
                'verbose_name_plural': 'synthesis to rebuild',
                'db_table': 'inventory_dirtysynthesis',
                'constraints': [models.UniqueConstraint(fields=('country', 'year'), name='dirty_unique')],
            },
        ),
        migrations.CreateModel(
            name='SynthesisRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('mhos_known', models.PositiveIntegerField(default=0, verbose_name='MHOs known')),
                ('mhos_reporting', models.PositiveIntegerField(default=0, verbose_name='MHOs reporting')),
                ('mhos_functional', models.PositiveIntegerField(default=0, verbose_name='functional')),
                ('mhos_difficulty', models.PositiveIntegerField(default=0, verbose_name='in difficulty')),
                ('mhos_starting', models.PositiveIntegerField(default=0, verbose_name='starting up')),
                ('mhos_project', models.PositiveIntegerField(default=0, verbose_name='in project')),
                ('mhos_inactive', models.PositiveIntegerField(default=0, verbose_name='inactive')),
                ('members', models.PositiveBigIntegerField(default=0, verbose_name='members')),
                ('beneficiaries', models.PositiveBigIntegerField(default=0, verbose_name='beneficiaries')),
                ('currency', models.CharField(blank=True, max_length=3, verbose_name='currency')),
                ('money_records', models.PositiveIntegerField(default=0, verbose_name='records in the main currency')),
                ('contributions_expected', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='contributions expected')),
                ('contributions_collected', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='contributions collected')),
                ('benefits_paid', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='benefits paid')),
                ('operating_costs', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='operating costs')),
                ('population', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='population')),
                ('growth_numerator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='member growth: members')),
                ('growth_denominator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='member growth: members the year before')),
                ('growth_mhos', models.PositiveIntegerField(default=0, verbose_name='member growth: MHOs')),
                ('retention_numerator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='retention: renewing members')),
                ('retention_denominator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='retention: members the year before')),
                ('retention_mhos', models.PositiveIntegerField(default=0, verbose_name='retention: MHOs')),
                ('penetration_numerator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='penetration: beneficiaries')),
                ('penetration_denominator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='penetration: target population')),
                ('penetration_mhos', models.PositiveIntegerField(default=0, verbose_name='penetration: MHOs')),
                ('recovery_numerator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='recovery: contributions collected')),
                ('recovery_denominator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='recovery: contributions expected')),
                ('recovery_mhos', models.PositiveIntegerField(default=0, verbose_name='recovery: MHOs')),
                ('claims_ratio_numerator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='claims ratio: benefits paid')),
                ('claims_ratio_denominator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='claims ratio: contributions collected')),
                ('claims_ratio_mhos', models.PositiveIntegerField(default=0, verbose_name='claims ratio: MHOs')),
                ('operating_cost_ratio_numerator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='operating cost ratio: operating costs')),
                ('operating_cost_ratio_denominator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='operating cost ratio: contributions collected')),
                ('operating_cost_ratio_mhos', models.PositiveIntegerField(default=0, verbose_name='operating cost ratio: MHOs')),
                ('coverage_numerator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='coverage: beneficiaries')),
                ('coverage_denominator', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='coverage: population')),
                ('coverage_mhos', models.PositiveIntegerField(default=0, verbose_name='coverage: MHOs')),
                ('built_at', models.DateTimeField(auto_now=True, verbose_name='built at')),
                ('country', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='synthesis_rows', to='organizations.country', verbose_name='country')),
            ],
            options={
                'verbose_name': 'synthesis row',
                'verbose_name_plural': 'synthesis rows',
                'db_table': 'inventory_synthesisrow',
                'ordering': ['year', 'country__iso2'],
                'constraints': [models.UniqueConstraint(fields=('country', 'year'), name='synthesis_one_row_per_country_year'), models.UniqueConstraint(condition=models.Q(('country__isnull', True)), fields=('year',), name='synthesis_one_africa_row_per_year')],
            },
        ),
    ],
            database_operations=[],
        ),
    ]
