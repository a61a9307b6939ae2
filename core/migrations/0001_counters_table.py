"""The table of core.counters.DatabaseCounterCache (the forms' rate limit, used form tokens).

Created here rather than by `createcachetable`, which only creates the tables of the caches
configured at that moment: a machine migrated while Redis held the counters would lack the
table after a switch back to the database. The same layout as `createcachetable` makes.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "vielfalt_counters"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_table, drop_table)]
