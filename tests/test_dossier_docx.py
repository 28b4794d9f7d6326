"""The dossier's Word documents at the library level (antt_cli.report.dossier), with plain result dicts
as in the JSON report: what the command line cannot easily reach (results without brief figures, an
explicit reading, several communes, every kind of broken template). The documents as an assessor
gets them, through the CLI, are tests/test_dossier_cli.py."""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from antt_cli.report.dossier import (  # noqa: E402
    DOCUMENT_KINDS, DossierError, blank_unit, document_kinds, render_batch_document, render_unit_document,
)
from docx_text import all_text, criteria_rows, read  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "dossier"
COMMUNE_KINDS = ["danh_sach", "bao_cao_tong_hop", "quyet_dinh"]


@pytest.fixture(scope="module")
def batch():
    return json.loads((FIX / "batch-xa-minh-tan.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def passing():
    return json.loads((FIX / "unit-to-dan-pho-tran-phu.json").read_text(encoding="utf-8"))["units"][0]


def by_name(batch, name):
    return copy.deepcopy(next(u for u in batch["units"] if u["unit"]["name"] == name))


# ---------------------------------------------------------------------------------------------


def test_kinds_are_data():
    assert set(DOCUMENT_KINDS) == {"bien_ban", "bao_cao_ket_qua", "to_trinh", "dang_ky", *COMMUNE_KINDS}
    kinds = {k["id"]: k for k in document_kinds("vi")}
    assert kinds["to_trinh"]["outcomes"] == ["pass"]
    assert kinds["bien_ban"]["title"] == "Biên bản cuộc họp đánh giá"
    assert kinds["danh_sach"]["scope"] == "commune"
    assert all(k["file"].isascii() for k in document_kinds("vi"))


def test_found_required_and_reading_are_used_when_the_result_has_them(batch):
    unit = by_name(batch, "Thôn Tây")
    for c in unit["criteria"]:
        c["reading"] = None
    c = next(c for c in unit["criteria"] if c["id"] == "KDC-1c")
    c.update(found="171/180 hộ (95%)", required="≥ 100%", reading="Tỷ lệ tính bằng số nguyên, không làm tròn.")
    d = read(render_unit_document(unit, "bien_ban"))
    _, rows = criteria_rows(d)
    row = next(r for r in rows.values() if "KDC-1c" in r[1])
    assert row[3] == "171/180 hộ (95%)"
    assert row[4] == "≥ 100%"
    assert row[5] == "Chưa đạt"
    assert "(1)" in row[1]
    text = all_text(d)
    assert "Tỷ lệ tính bằng số nguyên, không làm tròn." in text
    # reading: null means no reading, even where a note exists
    assert unit["criteria"][0]["note"] not in text
    assert "(2)" not in text
    assert "CHƯA ĐẠT" in text and "Chưa đủ điều kiện đề nghị công nhận" in text


def test_without_found_the_reasons_then_the_values_are_the_figures(batch, passing):
    """A result from before the engine gave `found` (an older JSON report): its reasons, else its values."""
    d = read(render_unit_document(by_name(batch, "Thôn Tây"), "bien_ban"))
    _, rows = criteria_rows(d)
    row = next(r for r in rows.values() if "KDC-1c" in r[1])
    assert "171/180 hộ (95%)" in row[3]
    _, rows = criteria_rows(read(render_unit_document(passing, "bien_ban")))
    assert "312" in rows["3"][3]


def test_to_trinh_only_for_a_passing_unit(batch):
    with pytest.raises(DossierError) as e:
        render_unit_document(by_name(batch, "Thôn Tây"), "to_trinh")
    assert e.value.code == "not-passing"
    assert "CHƯA ĐẠT" in e.value.message("vi")
    with pytest.raises(DossierError) as e:
        render_unit_document(by_name(batch, "Trường Tiểu học Minh Tân"), "bien_ban")
    assert e.value.code == "not-applicable"


def test_blank_registration_form_without_criteria():
    """`blank_unit` with no criteria (the CLI's `antt new TYPE -o dang-ky.docx` gives them): lines to write them in."""
    text = all_text(read(render_unit_document(blank_unit("khu_dan_cu"), "dang_ky")))
    assert "…………" in text and "Điều 4" in text
    with pytest.raises(DossierError):
        render_unit_document(blank_unit("khu_dan_cu"), "bien_ban")


def test_several_communes_need_a_choice(batch):
    other = by_name(batch, "Thôn Đông")
    other["unit"]["commune"] = "Xã Khác"
    units = batch["units"] + [other]
    with pytest.raises(DossierError) as e:
        render_batch_document(units, batch["summary"], "danh_sach")
    assert e.value.code == "several-communes" and "Xã Khác" in e.value.message("en")
    text = all_text(read(render_batch_document(units, None, "danh_sach", commune="Xã Khác")))
    assert "Thôn Đông" in text and "Trạm Y tế" not in text


def test_english_working_translation(batch):
    en = json.loads((FIX / "batch-xa-minh-tan-en.json").read_text(encoding="utf-8"))
    unit = next(u for u in en["units"] if u["unit"]["name"] == "Thôn Đông")
    text = all_text(read(render_unit_document(unit, "bien_ban", lang="en")))
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "Working translation" in text
    assert "Secretary of the Party cell" in text and "MEETS THE STANDARD" in text


# ---------------------------------------------------------------------------------------------
# templates are data: an override folder, and clear problems when a template is broken


def _docx_with_text(path: Path, text: str) -> Path:
    d = docx.Document()
    d.add_paragraph("Dòng đầu")
    d.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


@pytest.mark.parametrize("content, code", [
    ("{{ unit.name ", "template-syntax"),
    ("{% for x in criteria %} no end", "template-syntax"),
    ("{{ no_such_name.x }}", "template-error"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "template-error"),
    ("{{ range(10**9)|list }}", "template-error"),
    ("{{ 1 / 0 }}", "template-error"),
])
def test_a_broken_template_is_a_located_problem(tmp_path, passing, content, code):
    _docx_with_text(tmp_path / "vi" / "bien-ban.docx", content)
    with pytest.raises(DossierError) as e:
        render_unit_document(passing, "bien_ban", templates_dir=tmp_path)
    err = e.value
    assert err.code == code
    assert err.file.endswith("bien-ban.docx")
    assert err.render("vi").startswith(str(tmp_path / "vi" / "bien-ban.docx"))
    assert err.message("vi") and err.message("en") and err.message("vi") != err.message("en")
    if code == "template-syntax":
        assert err.line == 2  # the second paragraph
        assert "unit.name" in err.message("en") or "for x" in err.message("en")


def test_a_template_that_is_not_a_docx(tmp_path, passing):
    (tmp_path / "vi").mkdir()
    (tmp_path / "vi" / "bien-ban.docx").write_text("{{ not a zip }}", encoding="utf-8")
    with pytest.raises(DossierError) as e:
        render_unit_document(passing, "bien_ban", templates_dir=tmp_path)
    assert e.value.code == "template-unreadable" and e.value.file.endswith("bien-ban.docx")
    with zipfile.ZipFile(tmp_path / "vi" / "to-trinh.docx", "w") as z:
        z.writestr("hello.txt", "not word")
    with pytest.raises(DossierError) as e:
        render_unit_document(passing, "to_trinh", templates_dir=tmp_path)
    assert e.value.code == "template-unreadable"
    with pytest.raises(DossierError) as e:
        render_unit_document(passing, "bien_ban", templates_dir=tmp_path / "missing")
    assert e.value.code == "template-dir-missing"
    with pytest.raises(DossierError) as e:
        render_unit_document(passing, "no_such_kind")
    assert e.value.code == "unknown-kind" and "bien_ban" in e.value.message("vi")
