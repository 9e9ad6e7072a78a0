"""Create the vendor-specific full-text index over SearchEntry.folded.

SQLite: an external-content FTS5 table kept in step by triggers. PostgreSQL: the unaccent
extension, an immutable wrapper around it, a generated tsvector column and its GIN index.
"""

from django.db import migrations

from baocao.search.schema import create_fulltext, drop_fulltext


def forwards(apps, schema_editor):
    create_fulltext(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_fulltext(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
