"""Print a fingerprint of the database as JSON: row counts and a checksum of every report.

Run in a subprocess with BAOCAO_DATABASE_URL set: ``python -m tests.ops.fingerprint``.
"""

from __future__ import annotations

import hashlib
import json
import os


def fingerprint() -> dict:
    """Return row counts per model and a sha256 of each report's snapshot."""
    from django.apps import apps

    from baocao.reports.models import Report
    from baocao.reports.snapshot import snapshot

    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label != "sessions"
    }
    reports = {
        str(report.pk): hashlib.sha256(
            json.dumps(snapshot(report), sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        for report in Report.objects.order_by("pk")
    }
    return {"counts": counts, "reports": reports}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    import django

    django.setup()
    print(json.dumps(fingerprint(), sort_keys=True))
