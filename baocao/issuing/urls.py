"""URLs of the clerk's desk, issuing, sending and the receiving agency's inbox."""

from django.urls import include, path

from baocao.issuing import views

urlpatterns = [
    path("van-thu/", views.clerk_desk, name="clerk-desk"),
    path("van-thu/ghi-so/", views.record_number, name="clerk-record-number"),
    path("bao-cao/<int:report_id>/ban-hanh/", views.issue, name="report-issue"),
    path("bao-cao/<int:report_id>/gui-noi-nhan/", views.send, name="report-send"),
    path("bao-cao-den/", views.inbox, name="inbox"),
    path("bao-cao-den/<int:dispatch_id>/tiep-nhan/", views.receive, name="dispatch-receive"),
    path("bao-cao-den/<int:dispatch_id>/tra-lai/", views.reject, name="dispatch-reject"),
    path("", include("baocao.issuing.views_package")),
]
