"""Migration operations for SQL that only one database runs (the leading
underscore keeps Django's migration loader from taking this module for a
migration)."""

from django.db import migrations


class VendorOnly(migrations.RunSQL):
    """RunSQL that does nothing on databases other than `vendor`."""

    vendor = None

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class PostgresOnly(VendorOnly):
    vendor = "postgresql"


class SqliteOnly(VendorOnly):
    vendor = "sqlite"
