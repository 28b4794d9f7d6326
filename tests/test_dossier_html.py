"""The dossier's HTML report at the library level: self-contained (a Content-Security-Policy that allows
only its own style and script), text escaped, one unit as the biên bản, English, an override template
and its problems. That its charts show the counts of the JSON report is tests/test_dossier_cli.py; that
it loads and prints in a browser, tests/test_dossier_browser.py."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from pathlib import Path

import pytest

lxml_html = pytest.importorskip("lxml.html")

from antt_cli.report.dossier import DossierError, copy_templates, render_html  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "dossier"


@pytest.fixture(scope="module")
def batch():
    return json.loads((FIX / "batch-xa-minh-tan.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(batch):
    return render_html(batch["units"], batch["summary"])


def test_the_page_is_self_contained(page):
    doc = lxml_html.fromstring(page)
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert csp.startswith("default-src 'none';")
    assert not doc.xpath("//link | //iframe | //object | //embed | //img | //script[@src] | //*[@style]")
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:|//)", page, re.I)
    assert "@import" not in page and "url(http" not in page
    # the one style and the one script are allowed by their hash
    style = doc.xpath("//style")[0].text
    script = doc.xpath("//script")[0].text
    for text in (style, script):
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert len(doc.xpath("//style")) == 1 and len(doc.xpath("//script")) == 1
    assert "font/woff2;base64," in style  # the font travels with the page
    assert doc.xpath("//details[@class='unit']")  # each unit, collapsible
    assert doc.xpath("//table[contains(@class, 'sortable')]")


HOSTILE = "<script>alert(1)</script> {{ 7*7 }} =1+1 \"' onmouseover=alert(2) &amp;"


def test_record_text_is_escaped(batch):
    units = copy.deepcopy(batch["units"])
    units[0]["unit"]["name"] = HOSTILE
    units[0]["criteria"][0]["found"] = "=HYPERLINK(\"http://x.example\",\"y\")"
    units[0]["unit"]["commune"] = "</style><script>alert(3)</script>"
    page = render_html(units, batch["summary"])
    assert "<script>alert" not in page and "</style><script>" not in page
    doc = lxml_html.fromstring(page)
    assert len(doc.xpath("//script")) == 1
    assert HOSTILE in doc.text_content()
    names = doc.xpath("//details[@class='unit']/summary/strong/text()")
    assert names[0] == HOSTILE  # {{ 7*7 }} shown as written, not 49
    assert '=HYPERLINK("http://x.example","y")' in doc.text_content()
    assert not doc.xpath("//*[@onmouseover]")
    single = render_html([units[0]])
    assert HOSTILE in lxml_html.fromstring(single).text_content()


def test_one_unit_is_the_bien_ban(batch):
    unit = next(u for u in batch["units"] if u["unit"]["name"] == "Thôn Tây")
    page = render_html([unit])
    doc = lxml_html.fromstring(page)
    text = doc.text_content()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "BIÊN BẢN" in text and "Thôn Tây" in text and "CHƯA ĐẠT" in text
    for role in ("Trưởng khu dân cư", "Bí thư chi bộ", "Đại diện Công an cấp cơ sở"):
        assert role in text
    rows = doc.xpath("//table[contains(@class, 'criteria')]/tbody/tr")
    assert len(rows) == len(unit["criteria"])
    assert "171/180 hộ (95%)" in text
    assert not doc.xpath("//svg[contains(@class, 'chart-communes')]")


def test_english(batch):
    en = json.loads((FIX / "batch-xa-minh-tan-en.json").read_text(encoding="utf-8"))
    page = render_html(en["units"], en["summary"], lang="en")
    text = lxml_html.fromstring(page).text_content()
    assert '<html lang="en">' in page and "Outcomes by unit type" in text and "Working translation" in text


def test_html_template_override_and_problems(tmp_path, batch):
    copy_templates(tmp_path, langs=())
    tpl = tmp_path / "html" / "report.html"
    tpl.write_text(tpl.read_text(encoding="utf-8").replace("<main class=\"batch\" id=\"top\">",
                                                           "<main class=\"batch\" id=\"top\"><p>Mẫu tỉnh</p>"), encoding="utf-8")
    assert "Mẫu tỉnh" in render_html(batch["units"], batch["summary"], templates_dir=tmp_path)
    tpl.write_text("<p>\n{% if %}\n</p>", encoding="utf-8")
    with pytest.raises(DossierError) as e:
        render_html(batch["units"], batch["summary"], templates_dir=tmp_path)
    assert e.value.code == "template-syntax" and e.value.line == 2 and e.value.file == str(tpl)
    assert e.value.render("vi").startswith(f"{tpl}:2: ")
