"""A database guard on the case journal: PostgreSQL refuses UPDATE and DELETE on it.

The application already refuses (model, queryset; the journal is not in the admin), but
the journal is the school's evidence (opplæringslova §§ 12-9, 12-10), so it must also hold
against a direct SQL session with the app's role. SQLite has no such guard; there the hash
chain still shows tampering.
"""

from django.db import migrations

# "%%" because the SQL passes through the driver's placeholder formatting.
GUARD = """
CREATE OR REPLACE FUNCTION cases_journal_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cases_journalentry is append-only (%%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_journal_append_only
    BEFORE UPDATE OR DELETE ON cases_journalentry
    FOR EACH ROW EXECUTE FUNCTION cases_journal_refuse_change();
"""

UNGUARD = """
DROP TRIGGER IF EXISTS cases_journal_append_only ON cases_journalentry;
DROP FUNCTION IF EXISTS cases_journal_refuse_change();
"""


def install_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD)


def remove_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNGUARD)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_concerns_cases_and_journal")]

    operations = [migrations.RunPython(install_guard, remove_guard)]
