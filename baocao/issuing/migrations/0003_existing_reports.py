"""Existing reports enter the issuing life cycle; their documents are captured.

See baocao/issuing/upgrade.py and docs/issuing.md ("Upgrading").
"""

from django.db import migrations, transaction


def forwards(apps, schema_editor):
    from baocao.issuing.upgrade import capture_missing, move_approved_reports

    move_approved_reports(apps)
    report_model = apps.get_model("reports", "Report")
    if not report_model.objects.filter(
            status__in=("approved", "issued", "sent", "received"),
            captures__isnull=True).exists():
        return
    try:
        with transaction.atomic():  # a savepoint: a later schema cannot break the upgrade
            capture_missing()
    except Exception as exc:  # noqa: BLE001 - reported, and `baocao capture-documents` redoes it
        print(f"\n  capture skipped ({exc}); run `baocao capture-documents` after migrating.")


class Migration(migrations.Migration):

    dependencies = [
        ("issuing", "0002_received_packages"),
        ("reports", "0003_protect_actors"),
        ("catalog", "0003_template_versions"),
        ("organizations", "0002_unit_lineage"),
        ("documents", "0002_signing_tokens_and_pending"),
        ("analytics", "0004_year_fact_indicator_index"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
