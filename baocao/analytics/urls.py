"""URLs of the analytics pages."""

from django.urls import path

from baocao.analytics.views import consolidate, dashboard, follow, pivot, rates

urlpatterns = [
    path("tinh-hinh-nop/", rates.reporting_rates_view, name="reporting-rates"),
    path("tong-hop/", consolidate.consolidate_view, name="consolidate"),
    path(
        "tong-hop/<int:report_id>/chi-tiet/",
        consolidate.consolidate_drilldown,
        name="consolidate-drilldown",
    ),
    path("phan-tich/", pivot.analytics_view, name="analytics"),
    path("tong-quan/", dashboard.dashboard_view, name="dashboard"),
    path(
        "bao-cao/<int:report_id>/theo-doi-nhiem-vu/",
        follow.follow_through_view,
        name="follow-through",
    ),
]
