"""``baocao import FILE|DIR... --unit CODE --template CODE``: legacy reports become drafts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from baocao.catalog.models import ReportTemplate
from baocao.imports.services import Outcome, import_bytes
from baocao.jobs.queue import enqueue
from baocao.organizations.management.actor import acting_reporter
from baocao.organizations.models import OrgUnit

SUFFIXES = {".txt", ".doc", ".docx", ".pdf", ".html", ".htm"}


def collect(paths: list[str]) -> list[Path]:
    """Return the files named, and the report files inside the folders named, sorted."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            )
        else:
            files.append(path)
    return files


class Command(BaseCommand):
    """Import report files as draft reports of a unit, one transaction per file."""

    help = "Nhập báo cáo cũ (.txt, .docx, .pdf, .html) thành báo cáo nháp của một đơn vị."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the files, the unit, the template and the acting user."""
        parser.add_argument("paths", nargs="+", help="tệp hoặc thư mục")
        parser.add_argument("--unit", required=True, help="mã đơn vị, ví dụ STTTT")
        parser.add_argument("--template", required=True, help="mã chế độ báo cáo")
        parser.add_argument(
            "--user",
            help="tên đăng nhập của chuyên viên thực hiện "
            "(mặc định: chuyên viên đầu tiên của đơn vị)",
        )
        parser.add_argument("--period", help="kỳ báo cáo khi tệp không ghi rõ, ví dụ 2022-01")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="xếp công việc imports.folder cho tiến trình xử lý nền (baocao worker) "
            "thay vì nhập ngay",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Import every file and print a summary; exit 1 when any file failed."""
        try:
            unit = OrgUnit.objects.get(code=options["unit"])
        except OrgUnit.DoesNotExist:
            raise CommandError(f"không có đơn vị mã {options['unit']}") from None
        template = ReportTemplate.current(str(options["template"]))
        if template is None:
            raise CommandError(f"không có chế độ báo cáo mã {options['template']}")
        user = acting_reporter(unit, options.get("user"))
        files = collect(list(options["paths"]))
        if not files:
            raise CommandError("không có tệp báo cáo nào để nhập")
        if options.get("queue"):
            self._enqueue(options, user)
            return
        outcomes: list[Outcome] = []
        for path in tqdm(
            files, desc="Nhập báo cáo", unit="tệp", file=sys.stderr, disable=len(files) < 2
        ):
            try:
                data = path.read_bytes()
            except OSError as exc:
                outcomes.append(Outcome(str(path), "failed", f"không đọc được tệp ({exc})"))
                continue
            outcomes.append(
                import_bytes(
                    data,
                    str(path),
                    unit=unit,
                    template=template,
                    by=user,
                    period=options.get("period"),
                )
            )
        self._summary(outcomes)
        if any(o.status == "failed" for o in outcomes):
            sys.exit(1)

    def _enqueue(self, options: dict[str, Any], user: Any) -> None:
        """Enqueue the job ``imports.folder`` for the paths (absolute) and print its id."""
        params = {
            "paths": [str(Path(p).resolve()) for p in options["paths"]],
            "unit": options["unit"],
            "template": options["template"],
            "period": options.get("period"),
        }
        job = enqueue("imports.folder", params, by=user)
        self.stdout.write(f"{job.pk} đã xếp công việc imports.folder (xem /cong-viec/{job.pk}/)")

    def _summary(self, outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            mark = {"imported": "ĐÃ NHẬP", "skipped": "BỎ QUA", "failed": "LỖI"}[outcome.status]
            self.stdout.write(f"{mark:8} {outcome.name}: {outcome.message}")
            for line in outcome.review:
                self.stdout.write(f"         cần xem lại: {line}")
        count = {s: sum(o.status == s for o in outcomes) for s in ("imported", "skipped", "failed")}
        self.stdout.write(
            f"Tổng cộng: {count['imported']} đã nhập, {count['skipped']} bỏ qua (đã nhập trước "
            f"đó), {count['failed']} lỗi."
        )
