"""The dossier's Word documents (antt_cli.report.dossier), driven with plain result dicts as in the
JSON report, read back with python-docx."""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
from docx.shared import Mm  # noqa: E402

from antt_cli.report.dossier import (  # noqa: E402
    DOCUMENT_KINDS, DossierError, blank_unit, copy_templates, document_kinds, render_batch_document,
    render_unit_document, write_dossier,
)

FIX = Path(__file__).parent / "fixtures" / "dossier"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
UNIT_KINDS = [k for k in DOCUMENT_KINDS if k in ("bien_ban", "bao_cao_ket_qua", "to_trinh", "dang_ky")]
COMMUNE_KINDS = ["danh_sach", "bao_cao_tong_hop", "quyet_dinh"]


@pytest.fixture(scope="module")
def batch():
    return json.loads((FIX / "batch-xa-minh-tan.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def passing():
    return json.loads((FIX / "unit-to-dan-pho-tran-phu.json").read_text(encoding="utf-8"))["units"][0]


def by_name(batch, name):
    return copy.deepcopy(next(u for u in batch["units"] if u["unit"]["name"] == name))


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


def all_text(document) -> str:
    """Every paragraph of the body, its tables (nested too) and the headers, one line each."""
    parts = []

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
                for t in cell.tables:
                    cells(t)

    parts.extend(p.text for p in document.paragraphs)
    for t in document.tables:
        cells(t)
    for s in document.sections:
        parts.extend(p.text for p in s.header.paragraphs)
    return "\n".join(parts)


def criteria_rows(document):
    """The criteria table: {STT: [cells]}; the table whose header starts with STT and has 6 columns."""
    for t in document.tables:
        head = [c.text for c in t.rows[0].cells]
        if head and head[0] in ("STT", "No.") and len(head) >= 5:
            return head, {r.cells[0].text: [c.text for c in r.cells] for r in t.rows[1:]}
    raise AssertionError("no criteria table")


# ---------------------------------------------------------------------------------------------


def test_kinds_are_data():
    assert set(DOCUMENT_KINDS) == {"bien_ban", "bao_cao_ket_qua", "to_trinh", "dang_ky", *COMMUNE_KINDS}
    kinds = {k["id"]: k for k in document_kinds("vi")}
    assert kinds["to_trinh"]["outcomes"] == ["pass"]
    assert kinds["bien_ban"]["title"] == "Biên bản cuộc họp đánh giá"
    assert kinds["danh_sach"]["scope"] == "commune"
    assert all(k["file"].isascii() for k in document_kinds("vi"))


def test_bien_ban_has_the_unit_the_figures_the_verdict_and_the_roles(passing):
    d = read(render_unit_document(passing, "bien_ban"))
    text = all_text(d)
    assert QUOC_HIEU in text and TIEU_NGU in text
    assert "BIÊN BẢN" in text
    assert "Tổ dân phố Trần Phú" in text
    assert "TỔ DÂN PHỐ TRẦN PHÚ" in text  # the issuing body, in capitals
    assert "Phường Phú Sơn, ngày" in text
    # Art. 9.1.a: chaired by the head of the area, with these participants
    for role in ("Trưởng khu dân cư", "Bí thư chi bộ", "Đại diện Ban Công tác Mặt trận",
                 "Đại diện các tổ chức đoàn thể quần chúng (nếu có)", "Đại diện Công an cấp cơ sở"):
        assert role in text, role
    assert "Ông/Bà ………" in text  # no names given: lines to fill by hand
    head, rows = criteria_rows(d)
    assert head == ["STT", "Tiêu chí", "Căn cứ", "Số liệu thực tế", "Yêu cầu", "Kết quả"]
    assert len(rows) == len(passing["criteria"])
    for i, c in enumerate(passing["criteria"], 1):
        row = rows[str(i)]
        assert c["id"] in row[1] and c["title"] in row[1]
        assert row[5] == c["status_label"]
        for v in c["values"].values():  # without `found`, the facts read are shown
            if isinstance(v, int) and not isinstance(v, bool):
                assert str(v) in row[3], (c["id"], row[3])
    assert "312" in rows["3"][3]
    assert "Cuộc họp thống nhất đánh giá: ĐẠT." in text
    assert "Thư ký".upper() in text and "CHỦ TRÌ" in text


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


def test_without_found_the_reasons_are_the_figures(batch):
    d = read(render_unit_document(by_name(batch, "Thôn Tây"), "bien_ban"))
    _, rows = criteria_rows(d)
    row = next(r for r in rows.values() if "KDC-1c" in r[1])
    assert "171/180 hộ (95%)" in row[3]


def test_meeting_names_fill_the_roles(passing):
    unit = copy.deepcopy(passing)
    unit["meeting"] = {
        "date": "2024-11-05", "place": "Nhà văn hóa tổ dân phố",
        "chair": {"name": "Nguyễn Văn An", "title": "Tổ trưởng tổ dân phố"},
        "secretary": {"name": "Lê Thị Bình"},
        "attendees": [{"role": "Bí thư chi bộ", "name": "Trần Văn Cường"},
                      {"role": "Phó Trưởng Công an phường", "name": "Phạm Văn Dũng"},
                      {"role": "Chi hội trưởng Hội Phụ nữ", "name": "Hoàng Thị Én"},
                      {"role": "Khách mời", "name": "Đỗ Văn Hùng"}],
    }
    text = all_text(read(render_unit_document(unit, "bien_ban")))
    assert "Phường Phú Sơn, ngày 05 tháng 11 năm 2024" in text
    assert "Nhà văn hóa tổ dân phố" in text
    assert "Trưởng khu dân cư: Nguyễn Văn An, Tổ trưởng tổ dân phố" in text
    assert "Thư ký: Lê Thị Bình" in text
    assert "Bí thư chi bộ: Trần Văn Cường" in text
    assert "Đại diện Công an cấp cơ sở: Phạm Văn Dũng, Phó Trưởng Công an phường" in text
    assert "Đại diện các tổ chức đoàn thể quần chúng (nếu có): Hoàng Thị Én, Chi hội trưởng Hội Phụ nữ" in text
    assert "Đại diện Ban Công tác Mặt trận: Ông/Bà" in text  # nobody named: a blank
    assert "Khách mời: Đỗ Văn Hùng" in text  # an attendee of no Art. 9.1 role is still listed


@pytest.mark.parametrize("name, roles", [
    ("Công ty TNHH May Minh Tân", ["Người đứng đầu doanh nghiệp", "Đại diện cấp ủy Đảng", "Đại diện các tổ chức đoàn thể",
                                   "Đại diện lực lượng bảo vệ (nếu có)", "Đại diện Công an cơ sở",
                                   "Đại diện cơ quan có thẩm quyền quản lý"]),
    ("Xã Minh Tân", ["Thường trực Ban Chỉ đạo"]),
])
def test_participants_per_unit_type(batch, name, roles):
    text = all_text(read(render_unit_document(by_name(batch, name), "bien_ban")))
    for role in roles:
        assert role in text, role


def test_to_trinh_only_for_a_passing_unit(batch, passing):
    text = all_text(read(render_unit_document(passing, "to_trinh")))
    assert "TỜ TRÌNH" in text and "Kính gửi" in text and "Chủ tịch Ủy ban nhân dân phường Phú Sơn" in text
    with pytest.raises(DossierError) as e:
        render_unit_document(by_name(batch, "Thôn Tây"), "to_trinh")
    assert e.value.code == "not-passing"
    assert "CHƯA ĐẠT" in e.value.message("vi")
    with pytest.raises(DossierError) as e:
        render_unit_document(by_name(batch, "Trường Tiểu học Minh Tân"), "bien_ban")
    assert e.value.code == "not-applicable"


def test_bao_cao_and_dang_ky(batch, passing):
    text = all_text(read(render_unit_document(passing, "bao_cao_ket_qua")))
    assert "BÁO CÁO" in text and "Tự đánh giá: ĐẠT." in text and "KDC-1c" in text
    text = all_text(read(render_unit_document(passing, "dang_ky")))
    assert "BẢN ĐĂNG KÝ" in text and "Phấn đấu đạt tiêu chuẩn" in text
    assert "Phường Phú Sơn, ngày 15 tháng 03 năm 2024" in text  # the registration's own date
    assert "100% hộ gia đình đang cư trú đăng ký tham gia" in text


def test_blank_registration_form():
    criteria = [{"id": "GD-1a", "title": "Cấp ủy ban hành nghị quyết", "citation": {"ref": "Điều 7 khoản 1"}}]
    unit = blank_unit("co_so_giao_duc", type_label="Cơ sở giáo dục", year=2025, criteria=criteria)
    text = all_text(read(render_unit_document(unit, "dang_ky")))
    assert "BẢN ĐĂNG KÝ" in text and "năm 2025" in text and "Cấp ủy ban hành nghị quyết" in text
    assert "Tên đơn vị: ……" in text
    text = all_text(read(render_unit_document(blank_unit("khu_dan_cu"), "dang_ky")))
    assert "…………" in text and "Điều 4" in text
    with pytest.raises(DossierError):
        render_unit_document(blank_unit("khu_dan_cu"), "bien_ban")


@pytest.mark.parametrize("kind", UNIT_KINDS + COMMUNE_KINDS)
def test_page_setup_is_the_decree_30_layout(batch, passing, kind):
    data = (render_unit_document(passing, kind) if kind in UNIT_KINDS
            else render_batch_document(batch["units"], batch["summary"], kind, commune="Xã Minh Tân"))
    d = read(data)
    s = d.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
    assert s.page_height > s.page_width
    assert Mm(20) - Mm(0.5) <= s.top_margin <= Mm(25) + Mm(0.5)
    assert Mm(20) - Mm(0.5) <= s.bottom_margin <= Mm(25) + Mm(0.5)
    assert Mm(30) - Mm(0.5) <= s.left_margin <= Mm(35) + Mm(0.5)
    assert Mm(15) - Mm(0.5) <= s.right_margin <= Mm(20) + Mm(0.5)
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    # page number: a PAGE field centred in the header, and none on page 1
    assert s.different_first_page_header_footer
    header_xml = s.header._element.xml
    assert "PAGE" in header_xml and 'w:val="center"' in header_xml
    assert "PAGE" not in s.first_page_header._element.xml
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode("utf-8")
    fonts = set(re.findall(r'w:ascii="([^"]+)"', body))
    assert fonts == {"Times New Roman"}
    colours = set(re.findall(r'<w:color w:val="([0-9A-Fa-f]{6}|auto)"', body))
    assert colours <= {"000000", "auto"}
    sizes = {int(v) / 2 for v in re.findall(r'<w:sz w:val="(\d+)"', body)}
    assert max(sizes) <= 14
    assert QUOC_HIEU in all_text(d) and "{{" not in all_text(d) and "{%" not in all_text(d)


HOSTILE = '<script>alert(1)</script> {{ 7*7 }} {% if 1 %}x{% endif %} =1+1 =HYPERLINK("http://x.example","y") &amp; \x00\x0c'


def test_record_text_appears_literally(passing):
    unit = copy.deepcopy(passing)
    unit["unit"]["name"] = HOSTILE
    unit["unit"]["notes"] = "{{ unit }} <b>not bold</b>"
    unit["criteria"][0]["found"] = "=1+1"
    unit["meeting"] = {"place": "<img src=x onerror=alert(1)>", "chair": {"name": "{{ ''.__class__ }}"}}
    for kind in UNIT_KINDS:
        data = render_unit_document(unit, kind)
        text = all_text(read(data))
        assert '<script>alert(1)</script> {{ 7*7 }} {% if 1 %}x{% endif %} =1+1 =HYPERLINK("http://x.example","y") &amp;' in text, kind
        assert not re.search(r"(?<![\d/])49(?!\d)", text)
        if kind == "bien_ban":
            assert "{{ unit }} <b>not bold</b>" in text
            assert "<img src=x onerror=alert(1)>" in text
            assert "{{ ''.__class__ }}" in text
            _, rows = criteria_rows(read(data))
            assert rows["1"][3] == "=1+1"
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        assert "<script>" not in xml and "&lt;script&gt;" in xml
        assert "\x00" not in xml and "\x0c" not in xml


def test_commune_documents(batch):
    units, summary = batch["units"], batch["summary"]
    text = all_text(read(render_batch_document(units, summary, "danh_sach")))
    assert "DANH SÁCH" in text
    for name in ("Thôn Đông", "Trạm Y tế xã Minh Tân", "Công ty TNHH May Minh Tân"):
        assert name in text
    assert "Thôn Tây" not in text and "Trường Tiểu học Minh Tân" not in text
    assert "Tổng số: 3 đơn vị (1 khu dân cư, 1 cơ quan, 1 doanh nghiệp)." in text
    text = all_text(read(render_batch_document(units, summary, "bao_cao_tong_hop")))
    assert "Thôn Tây" in text and "KDC-1c" in text and "171/180" in text
    assert "75%" in text and "≥ 70%" in text  # Art. 5.4: 3 of 4 in scope
    assert "Trường Tiểu học Minh Tân" in text and "Cơ sở giáo dục tiểu học, mầm non, nhà trẻ" in text
    assert "Đơn vị thuộc thẩm quyền quản lý, thuộc đối tượng: bản ghi 5, tính được 4" in text
    d = read(render_batch_document(units, summary, "bao_cao_tong_hop"))
    by_type = next(t for t in d.tables if t.rows[0].cells[0].text == "Loại đơn vị")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in by_type.rows[1:]}
    for t, v in summary["by_type"].items():
        assert rows[v["label"]] == [str(v[k]) for k in ("total", "pass", "fail", "incomplete", "out_of_scope")]
    text = all_text(read(render_batch_document(units, summary, "quyet_dinh")))
    assert "QUYẾT ĐỊNH" in text and "DỰ THẢO" in text and "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MINH TÂN" in text
    assert "Công nhận 3 đơn vị" in text and "Thôn Đông" in text and "Thôn Tây" not in text


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
    text = all_text(read(render_batch_document(en["units"], en["summary"], "quyet_dinh", lang="en")))
    assert "DECISION" in text and "Thôn Đông" in text


# ---------------------------------------------------------------------------------------------
# templates are data: an override folder, and clear problems when a template is broken


def _edit_docx(path: Path, old: str, new: str) -> None:
    """Replace text inside one run of a .docx, as a person editing it in Word would."""
    d = docx.Document(str(path))
    for p in d.paragraphs:
        for r in p.runs:
            if old in r.text:
                r.text = r.text.replace(old, new)
                d.save(str(path))
                return
    raise AssertionError(f"{old!r} not in {path}")


def test_an_edited_template_in_a_copied_folder_changes_the_document(tmp_path, passing):
    copied = copy_templates(tmp_path / "mau")
    assert (tmp_path / "mau" / "vi" / "bien-ban.docx") in copied
    assert (tmp_path / "mau" / "html" / "report.html") in copied
    _edit_docx(tmp_path / "mau" / "vi" / "bien-ban.docx", "Cuộc họp kết thúc vào hồi", "MẪU TỈNH THANH HÓA – Cuộc họp kết thúc vào hồi")
    text = all_text(read(render_unit_document(passing, "bien_ban", templates_dir=tmp_path / "mau")))
    assert "MẪU TỈNH THANH HÓA" in text
    assert "MẪU TỈNH THANH HÓA" not in all_text(read(render_unit_document(passing, "bien_ban")))
    # a folder holding one template only: the others come from the package
    only = tmp_path / "only"
    (only / "vi").mkdir(parents=True)
    (only / "vi" / "bien-ban.docx").write_bytes((tmp_path / "mau" / "vi" / "bien-ban.docx").read_bytes())
    assert "TỜ TRÌNH" in all_text(read(render_unit_document(passing, "to_trinh", templates_dir=only)))


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


# ---------------------------------------------------------------------------------------------


def test_write_dossier(tmp_path, batch):
    out = tmp_path / "ho-so"
    paths = write_dossier(batch["units"], batch["summary"], out)
    rel = sorted(str(p.relative_to(out)) for p in paths)
    assert all(r.isascii() and " " not in r for r in rel)
    assert "xa-minh-tan/00-1-danh-sach-de-nghi-cong-nhan.docx" in rel
    assert "xa-minh-tan/00-2-bao-cao-tong-hop.docx" in rel
    assert "xa-minh-tan/00-3-du-thao-quyet-dinh-cong-nhan.docx" in rel
    assert "xa-minh-tan/thon-dong/to-trinh-de-nghi-cong-nhan.docx" in rel
    assert "xa-minh-tan/thon-tay/bien-ban-hop-danh-gia.docx" in rel
    assert "xa-minh-tan/thon-tay/to-trinh-de-nghi-cong-nhan.docx" not in rel  # fails: no request
    assert not any(r.startswith("xa-minh-tan/truong-tieu-hoc-minh-tan/") for r in rel)  # out of scope
    assert "xa-minh-tan/xa-minh-tan/to-trinh-de-nghi-cong-nhan.docx" in rel  # the commune's own dossier
    assert "bao-cao.html" in rel
    # an official may have edited a file: never overwritten, nothing written
    edited = out / "xa-minh-tan" / "thon-tay" / "bien-ban-hop-danh-gia.docx"
    edited.write_bytes(b"edited")
    (out / "xa-minh-tan" / "00-1-danh-sach-de-nghi-cong-nhan.docx").unlink()
    with pytest.raises(DossierError) as e:
        write_dossier(batch["units"], batch["summary"], out)
    assert e.value.code == "target-exists"
    assert edited.read_bytes() == b"edited"
    assert not (out / "xa-minh-tan" / "00-1-danh-sach-de-nghi-cong-nhan.docx").exists()
    thon_tay = [by_name(batch, "Thôn Tây")]
    write_dossier(thon_tay, None, out, overwrite=True, html=False)
    assert edited.read_bytes() != b"edited"
