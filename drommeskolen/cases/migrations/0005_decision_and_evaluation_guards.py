"""PostgreSQL refuses UPDATE and DELETE on § 12-5 decisions and evaluations, as on the journal.

Both are part of the school's evidence; the models refuse changes too. (SQLite has no guard;
each also has a journal entry in the hash-chained journal.)
"""

from django.db import migrations

TABLES = ("cases_enhanceddutydecision", "cases_evaluation")

# "%%" because the SQL passes through the driver's placeholder formatting.
FUNCTION = """
CREATE OR REPLACE FUNCTION cases_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%% is append-only (%%)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION cases_refuse_change();
"""


def install_guards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        for table in TABLES:
            schema_editor.execute(TRIGGER.format(table=table))


def remove_guards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        schema_editor.execute("DROP FUNCTION IF EXISTS cases_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_investigation_evaluation_enhanced_duty_family")]

    operations = [migrations.RunPython(install_guards, remove_guards)]
