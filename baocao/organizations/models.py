"""Units (đơn vị) in a tree, and people's roles in them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baocao.core.prepared import prepared
from baocao.domain.workflow import Role


class OrgUnit(models.Model):
    """A unit of the province: the People's Committee, a department, a division, a district…"""

    class Level(models.TextChoices):
        NATIONAL = "national", _("Trung ương")
        PROVINCE = "province", _("Tỉnh, thành phố")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        DIVISION = "division", _("Phòng, đơn vị trực thuộc")
        # Kept for history: districts were abolished on 1 July 2025 (two-level government).
        DISTRICT = "district", _("Huyện, thành phố thuộc tỉnh (đến 30/6/2025)")
        COMMUNE = "commune", _("Xã, phường")
        SPECIAL_ZONE = "special_zone", _("Đặc khu")

    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=512, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    doc_code = models.CharField(
        _("ký hiệu cơ quan ban hành"),
        max_length=32,
        blank=True,
        help_text=_("Dùng trong số văn bản, ví dụ STTTT trong 05/BC-STTTT."),
    )
    governing_body = models.CharField(
        _("cơ quan chủ quản"),
        max_length=255,
        blank=True,
        help_text=_("Dòng trên cùng của tiêu đề văn bản, ví dụ UBND TỈNH THÁI BÌNH."),
    )
    place_name = models.CharField(_("địa danh"), max_length=64, blank=True)
    opened_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    closed_on = models.DateField(_("ngày giải thể / sáp nhập"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
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
                    child.path = new_path + child.path[len(old_path) :]
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

    def as_of(self, day: dt.date | None) -> UnitVersion | OrgUnit:
        """Return the unit's name, level, parent… as they stood on ``day`` (None: today's)."""
        if day is not None:
            for version in self.versions.all():
                if version.covers(day):
                    return version
        return self

    @property
    def header_governing(self) -> str:
        """Return the governing body line of the document header, upper case."""
        if self.governing_body:
            return self.governing_body.upper()
        if self.parent_id is None:
            return ""
        if OrgUnit.parent.is_cached(self):
            return self.parent.name.upper() if self.parent else ""
        names = _unit_name(self.parent_id)  # the parent's name alone, not the whole unit
        return names[0].upper() if names else ""


@prepared
def _unit_name(unit: int) -> models.QuerySet[OrgUnit, str]:
    """Read a unit's name (the header of every document captured on approval prints it)."""
    return OrgUnit.objects.filter(pk=unit).order_by().values_list("name", flat=True)


class Membership(models.Model):
    """A person's role in a unit; a person may hold several roles in several units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("người dùng"),
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("đơn vị")
    )
    role = models.CharField(
        _("vai trò"),
        max_length=16,
        choices=[
            (Role.REPORTER.value, _("Chuyên viên báo cáo")),
            (Role.APPROVER.value, _("Lãnh đạo phê duyệt")),
            (Role.CONSOLIDATOR.value, _("Tổng hợp")),
            (Role.ADMINISTRATOR.value, _("Quản trị")),
            (Role.VIEWER.value, _("Lãnh đạo theo dõi")),
        ],
    )
    title = models.CharField(
        _("chức vụ"), max_length=128, blank=True, help_text=_("Ví dụ: Phó Giám đốc")
    )
    sign_authority = models.CharField(
        _("thẩm quyền ký"),
        max_length=128,
        blank=True,
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


class UnitEvent(models.Model):
    """A dated change of the unit tree (thay đổi đơn vị): opened, renamed, moved, merged,
    split or closed. One line of a reorganisation plan gives one event; ``key`` recognises the
    line when the same plan is applied again."""

    class Kind(models.TextChoices):
        OPEN = "open", _("Thành lập")
        RENAME = "rename", _("Đổi tên")
        MOVE = "move", _("Chuyển đơn vị cấp trên")
        MERGE = "merge", _("Hợp nhất, sáp nhập")
        SPLIT = "split", _("Chia tách")
        CLOSE = "close", _("Giải thể")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    day = models.DateField(_("ngày hiệu lực"))
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="events", verbose_name=_("đơn vị")
    )
    key = models.CharField(max_length=255, unique=True, editable=False)
    note = models.CharField(_("căn cứ, ghi chú"), max_length=500, blank=True)
    source = models.CharField(_("kế hoạch"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), auto_now_add=True)

    class Meta:
        ordering = ["day", "pk"]
        verbose_name = _("thay đổi đơn vị")
        verbose_name_plural = _("thay đổi đơn vị")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()} {self.unit}"


class UnitLink(models.Model):
    """A predecessor's work (and figures) going to a successor from ``day`` on."""

    event = models.ForeignKey(UnitEvent, on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="links_out",
        verbose_name=_("đơn vị tiền thân"),
    )
    successor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="links_in", verbose_name=_("đơn vị kế thừa")
    )
    day = models.DateField(_("ngày hiệu lực"))
    functions = models.CharField(_("chức năng, nhiệm vụ tiếp nhận"), max_length=500, blank=True)
    indicators = models.CharField(
        _("mã chỉ tiêu tiếp nhận"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Các mã chỉ tiêu cách nhau bởi dấu cách; để trống: mọi chỉ tiêu chưa giao "
            "cho đơn vị kế thừa khác."
        ),
    )
    share = models.DecimalField(
        _("tỷ lệ số liệu"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Từ 0 đến 1; để trống: toàn bộ."),
    )

    class Meta:
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "day"], name="unique_unit_link"
            )
        ]
        verbose_name = _("quan hệ kế thừa")
        verbose_name_plural = _("quan hệ kế thừa")

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id} ({self.day})"

    @property
    def indicator_codes(self) -> frozenset[str]:
        """Return the indicator codes the link names (empty: those no sibling names)."""
        return frozenset(self.indicators.split())


class UnitVersion(models.Model):
    """A unit's name, short name, document code, level, parent and governing body between two
    dates (``valid_to`` excluded); the current values stay on ``OrgUnit``."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến trước ngày"), null=True, blank=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    doc_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=32, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=OrgUnit.Level.choices)
    parent = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị cấp trên"),
    )
    governing_body = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    event = models.ForeignKey(
        UnitEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )

    class Meta:
        ordering = ["unit", "valid_from"]
        verbose_name = _("lịch sử đơn vị")
        verbose_name_plural = _("lịch sử đơn vị")

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from or '…'} – {self.valid_to or '…'})"

    def covers(self, day: dt.date) -> bool:
        """Return whether these values were in force on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )
