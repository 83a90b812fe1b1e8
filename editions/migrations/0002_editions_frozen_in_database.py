"""On PostgreSQL, the database itself refuses to change or delete an edition
or a row of one (``save`` and ``delete`` refuse it in Python; this also stops
``QuerySet.update()``, ``delete()`` and raw SQL). Only the withdrawal columns
(once) and the DOI (once) of an edition may still be written."""

from django.db import migrations

FROZEN_ROWS = ["editions_editionrecord", "editions_editionsynthesisrow",
               "editions_editionchange"]

CREATE = """
CREATE OR REPLACE FUNCTION editions_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'an edition of the inventory is never changed or deleted (%%)',
        TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION editions_edition_update() RETURNS trigger AS $$
BEGIN
    IF (to_jsonb(NEW) - 'withdrawn_at' - 'withdrawn_by_id' - 'withdrawal_reason'
            - 'doi') IS DISTINCT FROM
       (to_jsonb(OLD) - 'withdrawn_at' - 'withdrawn_by_id' - 'withdrawal_reason'
            - 'doi')
       OR (OLD.doi IS NOT NULL AND NEW.doi IS DISTINCT FROM OLD.doi)
       OR (OLD.withdrawn_at IS NOT NULL AND (
            NEW.withdrawn_at IS DISTINCT FROM OLD.withdrawn_at
            OR NEW.withdrawn_by_id IS DISTINCT FROM OLD.withdrawn_by_id
            OR NEW.withdrawal_reason IS DISTINCT FROM OLD.withdrawal_reason))
    THEN
        RAISE EXCEPTION 'edition % is frozen', OLD.identifier
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER editions_edition_no_delete BEFORE DELETE ON editions_edition
    FOR EACH ROW EXECUTE FUNCTION editions_refuse();
CREATE TRIGGER editions_edition_frozen BEFORE UPDATE ON editions_edition
    FOR EACH ROW EXECUTE FUNCTION editions_edition_update();
"""
ROW_TRIGGER = (
    "CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION editions_refuse();"
)
DROP = """
DROP TRIGGER IF EXISTS editions_edition_no_delete ON editions_edition;
DROP TRIGGER IF EXISTS editions_edition_frozen ON editions_edition;
{rows}
DROP FUNCTION IF EXISTS editions_edition_update();
DROP FUNCTION IF EXISTS editions_refuse();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("editions", "0001_editions")]

    operations = [
        migrations.RunPython(
            _on_postgresql(
                CREATE.replace("%%", "%")
                + "\n".join(ROW_TRIGGER.format(table=table) for table in FROZEN_ROWS)
            ),
            _on_postgresql(
                DROP.format(
                    rows="\n".join(
                        f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};"
                        for table in FROZEN_ROWS
                    )
                )
            ),
        ),
    ]
