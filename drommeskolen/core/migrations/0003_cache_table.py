"""Create the database cache table with the other tables.

The cache is shared by every app server (allauth's rate limits need that); `migrate` making
it means no deployment or `make run` can forget `createcachetable`.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):  # type: ignore[no-untyped-def]
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_accesslog_guard")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
