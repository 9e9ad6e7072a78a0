"""Benchmark regimes as data: design, export and import a large regime through the services.

    .venv/bin/python bench/regimes.py                         # 20 sections, 200 indicators
    .venv/bin/python bench/regimes.py --sections 10 --indicators 50

Builds a regime through ``save_section``/``save_indicator`` (one in ten indicators disaggregated
by gender), then times: the JSON export, the XLSX export, the XLSX read, the plan of an
unchanged import, the unchanged import (nothing written) and the import of the same file under a
new code (everything created). The data goes to a fresh SQLite file under /tmp/baocao-bench-
regimes (or BAOCAO_DATABASE_URL). Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
VAR = "/tmp/baocao-bench-regimes"
os.environ.setdefault("BAOCAO_VAR_DIR", VAR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")


def _timed(label: str, run):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = run()
    print(f"{label:<48} {1000 * (time.perf_counter() - start):9.1f} ms")
    return result


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sections", type=int, default=20)
    parser.add_argument("--indicators", type=int, default=200)
    args = parser.parse_args()
    if "BAOCAO_DATABASE_URL" not in os.environ:
        shutil.rmtree(VAR, ignore_errors=True)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from baocao.catalog.interchange import read_xlsx, to_json, to_xlsx
    from baocao.catalog.services.disaggregations import parse_options, save_disaggregation
    from baocao.catalog.services.interchange import apply_import, plan_import
    from baocao.catalog.services.regimes import (
        IndicatorInput,
        RegimeInput,
        create_regime,
        save_indicator,
        save_section,
    )
    from baocao.organizations.models import OrgUnit

    province = OrgUnit.objects.create(code="BENCH-TINH", name="Tỉnh thử", level="province")
    admin = get_user_model().objects.create_superuser("bench-admin", "b@example.vn", "x")
    gender = save_disaggregation(
        by=admin, code="BENCH_GT", name="Giới tính", options=parse_options("Nam\nNữ")
    )
    regime = create_regime(
        RegimeInput(code="BENCH", name="Chế độ thử", owner_unit=province), by=admin
    )

    def design() -> None:
        sections = [
            save_section(regime, by=admin, code=f"S{i}", title=f"Lĩnh vực {i}")[1]
            for i in range(args.sections)
        ]
        for i in range(args.indicators):
            save_indicator(
                regime,
                IndicatorInput(
                    code=f"I{i}",
                    name=f"Chỉ tiêu {i}",
                    unit="cái",
                    section_id=sections[i % len(sections)].pk,
                    disaggregation_id=gender.pk if i % 10 == 0 else None,
                ),
                by=admin,
            )

    print(f"regime: {args.sections} sections, {args.indicators} indicators (1 in 10 by gender)")
    _timed("design through the services (each change audited)", design)
    _timed("export JSON", lambda: to_json(regime))
    content = _timed("export XLSX", lambda: to_xlsx(regime))
    data = _timed("read XLSX", lambda: read_xlsx(content))
    plan = _timed("plan of the same file", lambda: plan_import(data))
    assert plan.unchanged
    _timed("import of the same file (no change)", lambda: apply_import(data, by=admin))
    data["code"] = "BENCH-2"
    _timed("import under a new code (all created)", lambda: apply_import(data, by=admin))
    print(f"XLSX size: {len(content) / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
