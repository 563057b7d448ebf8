"""A database guard on the access log: PostgreSQL refuses UPDATE and DELETE on it.

The application already refuses (model, queryset, admin), but the log is evidence
against snooping, so it must also hold against a direct SQL session with the app's role.
SQLite has no such guard; there the hash chain still shows tampering.
"""

from django.db import migrations

# "%%" because the SQL passes through the driver's placeholder formatting.
GUARD = """
CREATE OR REPLACE FUNCTION core_accesslog_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'core_accesslogentry is append-only (%%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_accesslog_append_only
    BEFORE UPDATE OR DELETE ON core_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION core_accesslog_refuse_change();
"""

UNGUARD = """
DROP TRIGGER IF EXISTS core_accesslog_append_only ON core_accesslogentry;
DROP FUNCTION IF EXISTS core_accesslog_refuse_change();
"""


def install_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD)


def remove_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNGUARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(install_guard, remove_guard)]
