"""Ids, versions and years in forms are written as they are, never localized.

English groups thousands ("1,234"; Vietnamese does not), and settings.USE_THOUSAND_SEPARATOR is
on: a ``{{ u.pk }}`` of 1000 or more in an option, a hidden input or a field's name was posted
back as "1,234", which no view reads as an id. Here every table's ids start at 1234, the pages
are rendered in English and their forms posted back as a browser would post them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.fields import AutoFieldMixin

from baocao.catalog.models import Disaggregation
from baocao.domain.workflow import Role
from baocao.reports.models import Report
from baocao.targets.models import AnnualTarget
from tests.conftest import client_for, make_user, reload

FIRST_ID = 1234


@pytest.fixture(autouse=True)
def ids_of_1000_or_more(db) -> None:
    """Start every table's ids at FIRST_ID (before the fixtures create their rows)."""
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed or not isinstance(meta.pk, AutoFieldMixin):
                continue
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s, false)",
                    [meta.db_table, meta.pk.column, FIRST_ID],
                )
            else:  # SQLite's AUTOINCREMENT goes on from sqlite_sequence (rolled back after)
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [meta.db_table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                    [meta.db_table, FIRST_ID - 1],
                )


# --- the forms of a page, as a browser posts them ---------------------------------------------


@dataclass
class Form:
    """A form of a page: its attributes, its fields (name, value) as posted, its options."""

    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)
    options: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)

    def data(self, **extra: str) -> dict[str, list[str]]:
        """Return the fields as ``Client.post`` takes them, ``extra`` replacing fields."""
        data: dict[str, list[str]] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        data.update({name: [value] for name, value in extra.items()})
        return data


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.textarea: tuple[str, list[str]] | None = None
        self.select: str | None = None
        self.option: tuple[str | None, list[str], bool] | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {key: value or "" for key, value in attrs_list}
        if tag == "form":
            self.form = Form(attrs)
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input" and attrs.get("name") and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.form.fields.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "textarea" and attrs.get("name") and "disabled" not in attrs:
            self.textarea = (attrs["name"], [])
        elif tag == "select" and attrs.get("name"):
            self.select = attrs["name"]
            self.form.options[self.select] = []
        elif tag == "option" and self.select:
            self._end_option()
            self.option = (attrs.get("value"), [], "selected" in attrs)

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.textarea[1].append(data)
        if self.option:
            self.option[1].append(data)

    def _end_option(self) -> None:
        if self.option and self.select and self.form:
            value, text, selected = self.option
            label = "".join(text).strip()
            self.form.options[self.select].append(
                (label if value is None else value, label, selected)
            )
        self.option = None

    def handle_endtag(self, tag: str) -> None:
        if self.form is None:
            return
        if tag == "textarea" and self.textarea:
            name, text = self.textarea
            self.form.fields.append((name, "".join(text).removeprefix("\n")))
            self.textarea = None
        elif tag == "option":
            self._end_option()
        elif tag == "select" and self.select:
            self._end_option()
            options = self.form.options[self.select]
            chosen = [value for value, _, selected in options if selected] or [
                value for value, _, _ in options[:1]
            ]
            self.form.fields.extend((self.select, value) for value in chosen)
            self.select = None
        elif tag == "form":
            self.form = None


def forms_of(response) -> list[Form]:
    """Return the forms of a page."""
    assert response.status_code == 200, response.status_code
    parser = _Forms()
    parser.feed(response.content.decode())
    return parser.forms


def the_form(response, **attrs: str) -> Form:
    """Return the one form of a page with these attributes."""
    found = [f for f in forms_of(response) if all(f.attrs.get(k) == v for k, v in attrs.items())]
    assert len(found) == 1, [f.attrs for f in forms_of(response)]
    return found[0]


# A number grouped by thousands inside a tag's attribute (words shown to people excluded).
GROUPED = re.compile(r"\d,\d{3}(?!\d)")
ATTRIBUTE = re.compile(r'\s([a-z][a-z0-9_:-]*)="([^"]*)"')
SHOWN = {"title", "aria-label", "placeholder", "alt", "data-label", "label", "content"}


def grouped_attributes(response) -> list[str]:
    """Return the attributes of the page's main part that hold a number grouped by thousands."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    found = []
    for tag in re.findall(r"<[a-z][^<>]*>", main):
        for name, value in ATTRIBUTE.findall(tag):
            if name not in SHOWN and not name.startswith("data-msg") and GROUPED.search(value):
                found.append(f'{name}="{value}"')
    return found


# --- the editor -------------------------------------------------------------------------------


def editor_url(report: Report) -> str:
    return f"/bao-cao/{report.pk}/soan/"


def test_the_editor_saves_twice_in_english_with_a_version_of_1000_or_more(draft, reporter):
    Report.objects.filter(pk=draft.pk).update(version=FIRST_ID)
    items = sorted(draft.items.values_list("section_id", "text"))
    client = client_for(reporter, "en")
    for title in ("Saved once", "Saved twice"):
        form = the_form(client.get(editor_url(draft)), id="editor")
        response = client.post(editor_url(draft), form.data(title=title, save="1"))
        assert response.status_code == 302, response.content.decode()[:2000]
        assert reload(draft).title == title
    assert reload(draft).version == FIRST_ID + 2
    assert sorted(reload(draft).items.values_list("section_id", "text")) == items
    assert draft.pk >= 1000 and min(s for s, _ in items) >= 1000


def test_the_editor_adds_an_item_to_a_section_whose_id_is_1000_or_more(draft, template, reporter):
    section = template.sections.get(code="TTRA")
    assert section.pk >= 1000
    client = client_for(reporter, "en")
    page = client.get(editor_url(draft))
    assert f'id="section-{section.pk}"' in page.content.decode()
    form = the_form(page, id="editor")
    response = client.post(editor_url(draft), form.data(add=str(section.pk)))
    assert response.status_code == 302  # saved, then the page again with an empty row there
    assert response["Location"] == f"{editor_url(draft)}?add={section.pk}#row-new-{section.pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'name="row-new-{section.pk}-section" value="{section.pk}"' in page


def test_the_figures_preview_writes_in_english_with_a_version_of_1000_or_more(draft, reporter):
    from tests.reports.test_figures_xlsx import fill, upload

    Report.objects.filter(pk=draft.pk).update(version=FIRST_ID)
    client = client_for(reporter, "en")
    blank = client.get(f"/bao-cao/{draft.pk}/so-lieu.xlsx").content
    preview = upload(client, draft, fill(blank, {"BAO_CHI": 2000, "KHIEU_NAI": 3}))
    assert not grouped_attributes(preview)
    form = next(f for f in forms_of(preview) if "version" in dict(f.fields))
    response = client.post(form.attrs.get("action") or preview.request["PATH_INFO"], form.data())
    assert response.status_code == 302, response.content.decode()[:2000]
    values = {v.indicator.code: v.value for v in reload(draft).values.select_related("indicator")}
    assert (values["BAO_CHI"], values["KHIEU_NAI"]) == (2000, 3)


# --- the reports list's "create a report" forms -------------------------------------------------


def test_the_reports_list_creates_a_report_for_a_unit_whose_id_is_1000_or_more(
    template, unit, reporter
):
    assert unit.pk >= 1000 and template.pk >= 1000
    client = client_for(reporter, "en")
    forms = [
        f for f in forms_of(client.get("/bao-cao/")) if f.attrs.get("action") == "/bao-cao/tao/"
    ]
    assert forms
    slot, picker = forms[0], forms[-1]  # an open period's form, a picker's (another period)
    oldest = picker.options["period"][-1][0]
    for form, data in ((slot, slot.data()), (picker, picker.data(period=oldest))):
        assert dict(form.fields)["unit"] == str(unit.pk)
        assert dict(form.fields)["template"] == str(template.pk)
        response = client.post("/bao-cao/tao/", data)
        assert response.status_code == 302
        assert re.fullmatch(r"/bao-cao/\d+/soan/", response["Location"]), response["Location"]
    assert Report.objects.filter(unit=unit, template=template).count() == 2


# --- filters and pickers ------------------------------------------------------------------------


def test_the_search_filters_keep_their_selection(draft, unit, template, reporter):
    client = client_for(reporter, "en")
    form = the_form(client.get("/tra-cuu/"), method="get")
    unit_value = next(v for v, label, _ in form.options["unit"] if label == unit.short_name)
    template_value = next(v for v, label, _ in form.options["template"] if label == template.name)
    assert (unit_value, template_value) == (str(unit.pk), str(template.pk))
    form = the_form(
        client.get(
            "/tra-cuu/", {"q": "Chuyển đổi số", "unit": unit_value, "template": template_value}
        ),
        method="get",
    )
    assert [v for v, _, selected in form.options["unit"] if selected] == [unit_value]
    assert [v for v, _, selected in form.options["template"] if selected] == [template_value]


def test_the_annual_targets_grid_saves_in_english(template, unit, reporter):
    indicator = template.indicators.get(code="BAO_CHI")
    client = client_for(reporter, "en")
    page = client.get(f"/ke-hoach-nam/?unit={unit.pk}&regime={template.pk}&year=2022")
    form = the_form(page, method="post", **{"class": "card"})
    response = client.post("/ke-hoach-nam/", form.data(**{f"target-{indicator.pk}": "9000"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AnnualTarget.objects.get(unit=unit, indicator=indicator, year=2022).value == 9000


def test_the_clerk_desk_keeps_its_year_and_unit(unit, clerk):
    client = client_for(clerk, "en")
    page = client.get("/van-thu/")
    assert not grouped_attributes(page)
    year_form = next(f for f in forms_of(page) if "year" in f.options)
    response = client.get("/van-thu/", year_form.data(year="2021"))
    form = next(f for f in forms_of(response) if "year" in f.options)
    assert [v for v, _, selected in form.options["year"] if selected] == ["2021"]


def test_the_holidays_page_goes_to_the_next_year(unit):
    admin = make_user("quantri", unit, Role.ADMINISTRATOR)
    client = client_for(admin, "en")
    page = client.get("/ngay-nghi/?nam=2026")
    assert not grouped_attributes(page)
    assert 'href="?nam=2027"' in page.content.decode()


def test_a_disaggregation_is_edited_in_english(unit):
    admin = make_user("quantri", unit, Role.ADMINISTRATOR)
    disaggregation = Disaggregation.objects.create(code="GIOI_TINH", name="Giới tính")
    client = client_for(admin, "en")
    page = client.get("/che-do/phan-to/")
    assert f'href="?sua={disaggregation.pk}#form"' in page.content.decode()
    page = client.get(f"/che-do/phan-to/?sua={disaggregation.pk}")
    assert f'name="id" value="{disaggregation.pk}"' in page.content.decode()


def test_a_register_entry_is_found_at_its_anchor_in_english(register, unit, reporter, province):
    from baocao.registers.services import EntryInput, add_entry

    entry = add_entry(
        register.pk,
        EntryInput(entry_date="2022-01-05", subject="Đơn khiếu nại", category="Khiếu nại"),
        by=reporter,
    )
    assert entry.pk >= 1000
    page = client_for(reporter, "en").get(f"/so-theo-doi/{register.pk}/")
    assert f'id="entry-{entry.pk}"' in page.content.decode()  # the views send people to #entry-<id>
    assert not grouped_attributes(page)
    admin = make_user("quantri", province, Role.ADMINISTRATOR)
    assert not grouped_attributes(
        client_for(admin, "en").get(f"/so-theo-doi/{register.pk}/thiet-ke/")
    )


# --- every form page: no id grouped by thousands ------------------------------------------------


def test_the_form_pages_write_no_grouped_number(
    draft, template, province, unit, reporter, consolidator
):
    admin = make_user("quantri", province, Role.ADMINISTRATOR)
    Disaggregation.objects.create(code="GIOI_TINH", name="Giới tính")
    indicator = template.indicators.get(code="BAO_CHI")
    section = template.sections.get(code="CNTT")
    pages = {
        reporter: [
            editor_url(draft),
            "/tra-cuu/",
            f"/ke-hoach-nam/?unit={unit.pk}&regime={template.pk}&year=2022",
            "/nhap-bao-cao/",
            "/so-theo-doi/tao/",
            f"/bao-cao/{draft.pk}/lich-su/",
        ],
        admin: [
            f"/che-do/{template.pk}/",
            f"/che-do/{template.pk}/sua/",
            f"/che-do/{template.pk}/giao/",
            f"/che-do/{template.pk}/xem-truoc/",
            f"/che-do/{template.pk}/chi-tieu/{indicator.pk}/",
            f"/che-do/{template.pk}/chi-tieu/moi/",
            f"/che-do/{template.pk}/linh-vuc/{section.pk}/",
            "/che-do/moi/",
            "/che-do/phan-to/",
            "/che-do/nhap/",
            "/danh-muc-che-do/",
            "/ngay-nghi/",
        ],
        consolidator: ["/yeu-cau-bao-cao/tao/", "/van-ban/"],
    }
    found = {}
    for user, urls in pages.items():
        client = client_for(user, "en")
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            if grouped := grouped_attributes(response):
                found[url] = grouped
    assert found == {}
