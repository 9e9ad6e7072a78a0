"""The reports list (rendered in Python, ``report_groups``) escapes what users typed and keeps
the markup the pages and tests read: one card per period, a link per report, its status."""

from __future__ import annotations

from baocao.domain.periods import Period
from baocao.reports.models import Report
from baocao.web.templatetags.baocao import period_options
from tests.conftest import client_for


def test_a_hostile_title_is_escaped_and_the_row_keeps_its_link_and_status(draft, reporter):
    Report.objects.filter(pk=draft.pk).update(title='<script>alert("x")</script> & Co')
    page = client_for(reporter).get("/bao-cao/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page
    assert f'<a href="/bao-cao/{draft.pk}/">' in page
    assert '<span class="badge badge-draft">' in page
    assert "<h2>Tháng 01/2022</h2>" in page


def test_the_period_picker_marks_the_selected_period_only():
    january, february = Period.parse("2022-01"), Period.parse("2022-02")
    html = str(period_options([(2022, [january, february])], february))
    assert html == (
        '<optgroup label="2022"><option value="2022-01">Tháng 01/2022</option>'
        '<option value="2022-02" selected>Tháng 02/2022</option></optgroup>'
    )
    assert " selected" not in str(period_options([(2022, [january, february])], None))
