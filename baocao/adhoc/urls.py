"""URLs of report requests (yêu cầu báo cáo chuyên đề, đột xuất)."""

from django.urls import path

from baocao.adhoc import views

urlpatterns = [
    path("yeu-cau-bao-cao/", views.request_list, name="adhoc-requests"),
    path("yeu-cau-bao-cao/tao/", views.request_create, name="adhoc-create"),
    path("yeu-cau-bao-cao/<int:request_id>/", views.request_detail, name="adhoc-detail"),
    path("yeu-cau-bao-cao/<int:request_id>/ban-hanh/", views.request_issue, name="adhoc-issue"),
    path("yeu-cau-bao-cao/<int:request_id>/gia-han/", views.request_extend, name="adhoc-extend"),
    path("yeu-cau-bao-cao/<int:request_id>/huy/", views.request_cancel, name="adhoc-cancel"),
]
