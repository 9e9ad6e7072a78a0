"""URLs of the clerk's desk, issuing, sending, the receiving agency's inbox and packages."""

from django.urls import path

from baocao.issuing.views import desk, packages

urlpatterns = [
    path("van-thu/", desk.clerk_desk, name="clerk-desk"),
    path("van-thu/ghi-so/", desk.record_number, name="clerk-record-number"),
    path("van-thu/dong-dau/", desk.seal_issued, name="clerk-seal-issued"),
    path("bao-cao/<int:report_id>/ban-hanh/", desk.issue, name="report-issue"),
    path("bao-cao/<int:report_id>/gui-noi-nhan/", desk.send, name="report-send"),
    path("bao-cao-den/", desk.inbox, name="inbox"),
    path("bao-cao-den/<int:dispatch_id>/tiep-nhan/", desk.receive, name="dispatch-receive"),
    path("bao-cao-den/<int:dispatch_id>/tra-lai/", desk.reject, name="dispatch-reject"),
    path("bao-cao/<int:report_id>/goi-tin/", packages.download, name="report-package"),
    path("bao-cao-den/goi-tin/", packages.packages, name="package-list"),
    path("bao-cao-den/goi-tin/<int:package_id>/", packages.detail, name="package-detail"),
    path(
        "bao-cao-den/goi-tin/<int:package_id>/van-ban.pdf",
        packages.document,
        name="package-document",
    ),
    path("bao-cao-den/goi-tin/<int:package_id>/report.json", packages.data, name="package-data"),
]
