"""Units (đơn vị) in a tree, and people's roles in them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baocao.domain.workflow import Role


class OrgUnit(models.Model):
    """A unit of the province: the People's Committee, a department, a division, a district…"""

    class Level(models.TextChoices):
        NATIONAL = "national", _("Trung ương")
        PROVINCE = "province", _("Tỉnh")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        DIVISION = "division", _("Phòng, đơn vị trực thuộc")
        DISTRICT = "district", _("Huyện, thành phố")
        COMMUNE = "commune", _("Xã, phường, thị trấn")

    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    path = models.CharField(max_length=512, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    doc_code = models.CharField(
        _("ký hiệu cơ quan ban hành"), max_length=32, blank=True,
        help_text=_("Dùng trong số văn bản, ví dụ STTTT trong 05/BC-STTTT."),
    )
    governing_body = models.CharField(
        _("cơ quan chủ quản"), max_length=255, blank=True,
        help_text=_("Dòng trên cùng của tiêu đề văn bản, ví dụ UBND TỈNH THÁI BÌNH."),
    )
    place_name = models.CharField(_("địa danh"), max_length=64, blank=True)
    opened_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    closed_on = models.DateField(_("ngày giải thể / sáp nhập"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("đơn vị kế thừa"), symmetrical=False, blank=True,
        related_name="predecessors",
    )
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        """Save, keeping the materialised path of this unit and its descendants right."""
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = (self.parent.path if self.parent else "/") + f"{self.pk}/"
        if new_path != old_path:
            depth = new_path.count("/") - 2
            OrgUnit.objects.filter(pk=self.pk).update(path=new_path, depth=depth)
            self.path, self.depth = new_path, depth
            if old_path:
                for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = new_path + child.path[len(old_path):]
                    child.depth = child.path.count("/") - 2
                    OrgUnit.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)

    def subtree(self) -> models.QuerySet[OrgUnit]:
        """Return this unit and every unit below it."""
        return OrgUnit.objects.filter(path__startswith=self.path)

    def ancestors(self) -> models.QuerySet[OrgUnit]:
        """Return the units above this one, nearest last."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        return OrgUnit.objects.filter(pk__in=ids).order_by("depth")

    def is_open_on(self, day: dt.date) -> bool:
        """Return whether the unit existed on ``day``."""
        return (self.opened_on is None or self.opened_on <= day) and (
            self.closed_on is None or day < self.closed_on
        )

    def is_open_during(self, start: dt.date, end: dt.date) -> bool:
        """Return whether the unit was open at any time between ``start`` and ``end``."""
        return (self.opened_on is None or self.opened_on <= end) and (
            self.closed_on is None or self.closed_on > start
        )

    @property
    def header_governing(self) -> str:
        """Return the governing body line of the document header, upper case."""
        if self.governing_body:
            return self.governing_body.upper()
        return self.parent.name.upper() if self.parent else ""


class Membership(models.Model):
    """A person's role in a unit; a person may hold several roles in several units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("người dùng"),
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("đơn vị")
    )
    role = models.CharField(
        _("vai trò"), max_length=16,
        choices=[
            (Role.REPORTER.value, _("Chuyên viên báo cáo")),
            (Role.APPROVER.value, _("Lãnh đạo phê duyệt")),
            (Role.CONSOLIDATOR.value, _("Tổng hợp")),
            (Role.ADMINISTRATOR.value, _("Quản trị")),
            (Role.VIEWER.value, _("Lãnh đạo theo dõi")),
        ],
    )
    title = models.CharField(_("chức vụ"), max_length=128, blank=True,
                             help_text=_("Ví dụ: Phó Giám đốc"))
    sign_authority = models.CharField(
        _("thẩm quyền ký"), max_length=128, blank=True,
        help_text=_("Ví dụ: KT. GIÁM ĐỐC (để trống nếu ký trực tiếp)"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership_role")
        ]
        verbose_name = _("vai trò trong đơn vị")
        verbose_name_plural = _("vai trò trong đơn vị")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
