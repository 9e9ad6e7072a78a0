"""Tag the full-text index with each entry's unit, status, template, section, year (and id
blocks on PostgreSQL) so that a search narrows by permission inside the index; index the
entries of a unit newest first.

SQLite: the FTS5 table becomes ``search_fts(folded, tags)`` over the view
``search_fts_source`` and is rebuilt. PostgreSQL: the GIN index over ``document`` is replaced
by one over ``document`` and the tag vector ``baocao_search_tags(...)``.
"""

from django.db import migrations, models

from baocao.search.schema import recreate_fulltext


def forwards(apps, schema_editor):
    recreate_fulltext(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["unit", "id"], name="search_entry_unit_newest"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
