"""Pages of report packages (gói tin): download an issued report's package, receive packages.

Thin: each view calls ``baocao.issuing.package`` / ``package_import`` and renders. The URLs
are in ``baocao/issuing/urls.py``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from baocao.core.actors import AuthenticatedRequest
from baocao.core.errors import Invalid
from baocao.core.refusals import on_refusal
from baocao.domain.workflow import ISSUED_OR_LATER
from baocao.issuing.jobs import enqueue_upload, package_job_bytes
from baocao.issuing.models import ReceivedPackage
from baocao.issuing.package import MEDIA_TYPE, export_package
from baocao.issuing.package_import import (
    RECEIVER_ROLES,
    access_package,
    import_package,
    max_package_bytes,
    received_packages,
    visible_local_report,
)
from baocao.issuing.selectors import INBOX_ROLES
from baocao.organizations.access import member_units, units_with_role
from baocao.reports.models import Report
from baocao.reports.selectors import visible_reports

MAX_LISTED = 200


@login_required
def download(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Send the package of an issued (or later) report the user may read."""
    on_refusal(request, lambda exc: redirect("report-detail", report_id=report_id))
    package = export_package(report_id, by=request.user)
    response = HttpResponse(package.content, content_type=MEDIA_TYPE)
    disposition = content_disposition_header(True, package.filename)
    if disposition is not None:  # never None with a file name
        response["Content-Disposition"] = disposition
    return response


def _outgoing(request: HttpRequest) -> QuerySet[Report]:
    """Return the issued (or later) reports of the user's own units, newest first."""
    units = [u.pk for u in member_units(request.user)]
    return (
        visible_reports(request.user)
        .filter(unit_id__in=units, status__in=[s.value for s in ISSUED_OR_LATER])
        .select_related("unit", "template")
        .order_by("-issued_at", "-pk")[:50]
    )


@login_required
def packages(request: AuthenticatedRequest) -> HttpResponse:
    """List received packages and receive a new one (upload); list outgoing packages."""
    inbox_units = units_with_role(request.user, *INBOX_ROLES)
    receiving_units = units_with_role(request.user, *RECEIVER_ROLES)
    outgoing = list(_outgoing(request))
    if not inbox_units and not outgoing:
        raise Http404(_("Không tìm thấy trang."))
    context = {
        "packages": received_packages(request.user)[:MAX_LISTED],
        "receiving_units": receiving_units,
        "outgoing": outgoing,
        "limit_mb": max_package_bytes() // 2**20,
    }
    if request.method != "POST":
        return render(request, "issuing/package_list.html", context)
    if not receiving_units:
        raise Http404(_("Không tìm thấy trang."))
    upload = request.FILES.get("file")
    dry_run = request.POST.get("dry_run") == "1"
    on_refusal(
        request,
        lambda exc: render(
            request, "issuing/package_list.html", context | {"error_code": exc.code}
        ),
    )
    if upload is None:
        raise Invalid(_("Vui lòng chọn tệp gói tin (.bcpkg)."), code="file_required")
    content = upload.read(max_package_bytes() + 1)
    if not dry_run and package_job_bytes() < len(content) <= max_package_bytes():
        job = enqueue_upload(
            content,
            by=request.user,
            filename=upload.name or "",
            unit_code=request.POST.get("unit") or None,
        )
        return redirect("job-detail", job_id=job.pk)
    outcome = import_package(
        content,
        by=request.user,
        filename=upload.name or "",
        unit_code=request.POST.get("unit") or None,
        dry_run=dry_run,
    )
    if outcome.outcome == "would_receive":
        context["checked"] = outcome
        return render(request, "issuing/package_list.html", context)
    package = outcome.package  # set once received (now or before); only a dry run has none
    if package is None:
        raise Http404(_("Không tìm thấy trang."))
    if outcome.outcome == "already_received":
        messages.info(request, _("Gói tin này đã được nhập trước đó; không nhập lại."))
    else:
        messages.success(
            request,
            _("Đã nhận gói tin: Số %(number)s của %(sender)s.")
            % {"number": package.number_text, "sender": package.sender_name},
        )
    return redirect("package-detail", package_id=package.pk)


def _package_or_404(request: HttpRequest, package_id: int) -> ReceivedPackage:
    return access_package(request.user, package_id)


@login_required
def detail(request: AuthenticatedRequest, package_id: int) -> HttpResponse:
    """Show a received package: sender, number, date, verification, the report's data."""
    package = _package_or_404(request, package_id)
    data = package.data
    sections = {s["code"]: s["title"] for s in data.get("template", {}).get("sections", [])}
    indicators = {i["code"]: i for i in data.get("template", {}).get("indicators", [])}
    report = data.get("report", {})
    groups: dict[str, list[dict]] = {}
    for item in report.get("items", []):
        title = sections.get(item.get("section") or "", _("Nội dung khác"))
        groups.setdefault(title, []).append(item)
    values = [
        {
            "name": indicators.get(v["indicator"], {}).get("name", v["indicator"]),
            "unit": indicators.get(v["indicator"], {}).get("unit", ""),
            "code": v["indicator"],
            "value": v.get("value"),
            "text_value": v.get("text_value", ""),
            "note": v.get("note", ""),
        }
        for v in report.get("values", [])
    ]
    return render(
        request,
        "issuing/package_detail.html",
        {
            "package": package,
            "report": report,
            # Pairs, not the dict: a section titled "items" (the sender's text) would hide
            # dict.items from the template.
            "groups": list(groups.items()),
            "values": values,
            "local": visible_local_report(request.user, package),
            "pdf_block": package.manifest.get("pdf", {}),
        },
    )


@login_required
def document(request: AuthenticatedRequest, package_id: int) -> HttpResponse:
    """Show the package's PDF as received."""
    package = _package_or_404(request, package_id)
    response = HttpResponse(bytes(package.document), content_type="application/pdf")
    disposition = content_disposition_header(False, f"goi-tin-{package.pk}.pdf")
    if disposition is not None:  # never None with a file name
        response["Content-Disposition"] = disposition
    return response


@login_required
def data(request: AuthenticatedRequest, package_id: int) -> HttpResponse:
    """Send the package's report.json as received."""
    package = _package_or_404(request, package_id)
    response = JsonResponse(package.data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    disposition = content_disposition_header(True, f"goi-tin-{package.pk}-report.json")
    if disposition is not None:  # never None with a file name
        response["Content-Disposition"] = disposition
    return response
