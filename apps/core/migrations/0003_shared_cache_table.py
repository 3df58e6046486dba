"""The table of the "shared" cache (rate-limit counts every worker sees) when there is no Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # Creates the table of every DatabaseCache in CACHES; a no-op with Redis or when it exists.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_holiday")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
