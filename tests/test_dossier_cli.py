"""The dossier of Art. 9.2 as an assessor gets it, through the command line: `-o ho-so/` (every
document, in a folder), `-o bien-ban.docx` / `-o to-trinh.docx` (one document, named by its file),
`-o bao-cao.html`, `antt new TYPE -o dang-ky.docx`, `antt templates copy`, `--templates`. Word
files are read back with python-docx.

Fast by construction: the commune's whole dossier is written once (module fixture) and looked at
by every test below; the other runs are one document each."""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("docx")
lxml_html = pytest.importorskip("lxml.html")

from conftest import EXAMPLES, run_antt  # noqa: E402
from docx_text import QUOC_HIEU, TIEU_NGU, all_text, criteria_rows, decree_30_layout, read  # noqa: E402

BATCH = EXAMPLES / "batch" / "xa-minh-tan"
COMMUNE_DOCS = ["00-1-danh-sach-de-nghi-cong-nhan.docx", "00-2-bao-cao-tong-hop.docx",
                "00-3-du-thao-quyet-dinh-cong-nhan.docx"]
UNIT_DOCS = ["bien-ban-hop-danh-gia.docx", "bao-cao-ket-qua.docx", "to-trinh-de-nghi-cong-nhan.docx",
             "ban-dang-ky-phan-dau.docx"]


@pytest.fixture(scope="module")
def hoso(tmp_path_factory):
    """`antt assess examples/batch/xa-minh-tan/ -o ho-so/ -o ket-qua.json`, once."""
    out = tmp_path_factory.mktemp("dossier")
    r = run_antt("assess", str(BATCH), "-o", f"{out}/ho-so/", "-o", str(out / "ket-qua.json"))
    folder = out / "ho-so"

    @cache
    def doc(rel: str):
        return read(folder / rel)

    @cache
    def text(rel: str) -> str:
        return all_text(doc(rel))

    return SimpleNamespace(run=r, dir=folder, json=json.loads((out / "ket-qua.json").read_text(encoding="utf-8")),
                           doc=doc, text=text)


@pytest.fixture(scope="module")
def figures(criteria):
    """The engine's own brief figures for each unit of the batch: {unit name: {criterion id: (found, required)}}."""
    from antt_cli.engine import Assessor
    from antt_cli.records import RecordReader

    reader, assessor = RecordReader(criteria), Assessor(lang="vi")
    out = {}
    for path in sorted(BATCH.glob("*.yaml")):
        r = assessor.assess(reader.read_file(str(path)))
        out[r.name] = {c.id: (c.found_brief, c.required_brief if c.status != "not_applicable" else "—")
                       for c in r.criteria}
    return out


def test_the_dossier_tree(hoso):
    assert hoso.run.returncode == 1, hoso.run.stderr  # Thôn Tây fails
    written = sorted(str(p.relative_to(hoso.dir)) for p in hoso.dir.rglob("*") if p.is_file())
    expected = ["bao-cao.html", *(f"xa-minh-tan/{d}" for d in COMMUNE_DOCS)]
    for unit, outcome in [("cong-ty-tnhh-may-minh-tan", "pass"), ("thon-dong", "pass"), ("thon-tay", "fail"),
                          ("tram-y-te-xa-minh-tan", "pass"), ("xa-minh-tan", "pass")]:
        expected += [f"xa-minh-tan/{unit}/{d}" for d in UNIT_DOCS if outcome == "pass" or not d.startswith("to-trinh")]
    assert written == sorted(expected)  # no tờ trình for Thôn Tây; nothing for the school out of scope
    assert all(w.isascii() and " " not in w for w in written)
    for w in written:
        assert f"Đã ghi {hoso.dir / w}" in hoso.run.stderr


def test_every_document_is_laid_out_as_decree_30(hoso):
    for path in sorted(hoso.dir.rglob("*.docx")):
        d = hoso.doc(str(path.relative_to(hoso.dir)))
        assert decree_30_layout(d) == [], path
        # what a person reads: no fact id (households_registered), no Markdown (`commune:`)
        text = d.text
        assert not re.search(r"\b[a-z]+_[a-z_]+\b|`", text), (path, re.findall(r".{30}(?:\b[a-z]+_[a-z_]+\b|`).{30}", text))


def test_bien_ban_of_a_passing_unit_names_its_meeting(hoso, figures):
    rel = "xa-minh-tan/thon-dong/bien-ban-hop-danh-gia.docx"
    text = hoso.text(rel)
    assert "BIÊN BẢN" in text and "khu dân cư Thôn Đông" in text and "THÔN ĐÔNG" in text  # the issuer, in capitals
    assert "Xã Minh Tân, ngày 28 tháng 10 năm 2024" in text  # the meeting's date, from the record
    assert "tại Nhà văn hóa thôn Đông" in text
    # Art. 9.1.a: the roles, with the names of the record's meeting; an attendee of no role is listed apart
    for line in ("1. Chủ trì: Trưởng khu dân cư: Nguyễn Văn Hải, Trưởng thôn",
                 "2. Thư ký: Lê Thị Hoa, Chi hội trưởng Chi hội Phụ nữ",
                 "- Bí thư chi bộ: Trần Văn Thắng",
                 "- Đại diện Ban Công tác Mặt trận: Phạm Văn Lợi, Trưởng Ban Công tác Mặt trận thôn",
                 "- Đại diện các tổ chức đoàn thể quần chúng (nếu có): Hoàng Văn Minh, Chi hội trưởng Chi hội Cựu chiến binh",
                 "- Đỗ Thị Lan, Bí thư Chi đoàn thanh niên",
                 "- Đại diện Công an cấp cơ sở: Vũ Đức Anh, Phó Trưởng Công an xã Minh Tân",
                 "- Công chức Địa chính - Xây dựng xã: Ngô Thị Mai"):
        assert line in text.splitlines(), line
    head, rows = criteria_rows(hoso.doc(rel))
    assert head == ["STT", "Tiêu chí", "Căn cứ", "Số liệu thực tế", "Yêu cầu", "Kết quả"]
    unit = next(u for u in hoso.json["units"] if u["unit"]["name"] == "Thôn Đông")
    assert len(rows) == len(unit["criteria"])
    for i, c in enumerate(unit["criteria"], 1):
        row = rows[str(i)]
        assert row[1].startswith(c["title"]) and row[1].endswith(c["id"])
        assert row[2] == c["citation"]["ref"]
        assert (row[3], row[4]) == figures["Thôn Đông"][c["id"]], c["id"]  # the figures found, and the requirement
        assert row[5] == c["status_label"]
    assert rows["3"][3].startswith("1. Số hộ gia đình đăng ký tham gia") and "250/250 hộ (100%)" in rows["3"][3]
    assert rows["3"][4].startswith("1. ≥ 100%\n")
    assert "Cuộc họp thống nhất đánh giá: ĐẠT." in text
    titles, names = hoso.doc(rel).tables[-1]  # the signatures: the names on one line under the titles
    assert titles[0].startswith("THƯ KÝ") and titles[1].startswith("CHỦ TRÌ")
    assert names == ["Lê Thị Hoa", "Nguyễn Văn Hải"]


def test_bien_ban_of_a_failing_unit(hoso):
    rel = "xa-minh-tan/thon-tay/bien-ban-hop-danh-gia.docx"
    text = hoso.text(rel)
    _, rows = criteria_rows(hoso.doc(rel))
    row = next(r for r in rows.values() if r[1].endswith("KDC-1c"))
    assert row[3:] == ["Số hộ gia đình đăng ký tham gia xây dựng khu dân cư “An toàn về an ninh, trật tự”: 171/180 hộ (95%)",
                       "≥ 100%", "Chưa đạt"]
    assert "Cuộc họp thống nhất đánh giá: CHƯA ĐẠT." in text and "Các tiêu chí chưa đạt:" in text
    assert "Xã Minh Tân, ngày … tháng … năm 2024" in text  # no meeting recorded: to fill by hand
    assert "vào hồi ...... giờ ......, ngày …… tháng …… năm 2024, tại ……" in text
    assert "- Bí thư chi bộ: Ông/Bà ……" in text
    assert not (hoso.dir / "xa-minh-tan" / "thon-tay" / "to-trinh-de-nghi-cong-nhan.docx").exists()


@pytest.mark.parametrize("unit, roles", [
    ("cong-ty-tnhh-may-minh-tan", ["Người đứng đầu doanh nghiệp", "Đại diện cấp ủy Đảng", "Đại diện các tổ chức đoàn thể",
                                   "Đại diện lực lượng bảo vệ (nếu có)", "Đại diện Công an cơ sở",
                                   "Đại diện cơ quan có thẩm quyền quản lý"]),
    ("tram-y-te-xa-minh-tan", ["Người đứng đầu cơ quan", "Đại diện Công an cơ sở"]),
    ("xa-minh-tan", ["Thường trực Ban Chỉ đạo"]),
])
def test_participants_of_each_unit_type(hoso, unit, roles):
    text = hoso.text(f"xa-minh-tan/{unit}/bien-ban-hop-danh-gia.docx")
    for role in roles:
        assert role in text, role


def test_report_request_and_registration_of_a_passing_unit(hoso):
    text = hoso.text("xa-minh-tan/thon-dong/bao-cao-ket-qua.docx")
    assert "BÁO CÁO" in text and "Tự đánh giá: ĐẠT." in text and "KDC-1c" in text
    text = hoso.text("xa-minh-tan/thon-dong/to-trinh-de-nghi-cong-nhan.docx")
    assert "TỜ TRÌNH" in text and "Kính gửi" in text and "Chủ tịch Ủy ban nhân dân xã Minh Tân" in text
    assert "ngày 28 tháng 10 năm 2024" in text and "đạt 19/19 tiêu chí" in text
    assert "Nguyễn Văn Hải" in text  # the head of the area signs
    text = hoso.text("xa-minh-tan/thon-dong/ban-dang-ky-phan-dau.docx")
    assert "BẢN ĐĂNG KÝ" in text and "Xã Minh Tân, ngày 15 tháng 03 năm 2024" in text  # the registration's own date
    assert "100% hộ gia đình đang cư trú trên địa bàn đăng ký tham gia" in text


def test_commune_documents(hoso):
    summary = hoso.json["summary"]
    text = hoso.text("xa-minh-tan/00-1-danh-sach-de-nghi-cong-nhan.docx")
    assert "DANH SÁCH" in text and "Tổng số: 3 đơn vị (1 khu dân cư, 1 cơ quan, 1 doanh nghiệp)." in text
    for name in ("Thôn Đông", "Trạm Y tế xã Minh Tân", "Công ty TNHH May Minh Tân"):
        assert name in text
    assert "Thôn Tây" not in text and "Trường Tiểu học Minh Tân" not in text
    rel = "xa-minh-tan/00-2-bao-cao-tong-hop.docx"
    text = hoso.text(rel)
    by_type = next(t for t in hoso.doc(rel).tables if t[0][0] == "Loại đơn vị")
    rows = {r[0]: r[1:] for r in by_type[1:]}
    for v in summary["by_type"].values():
        assert rows[v["label"]] == [str(v[k]) for k in ("total", "pass", "fail", "incomplete", "out_of_scope")]
    assert rows["Cộng"] == [str(summary["units"]), *(str(summary["outcomes"][k]) for k in ("pass", "fail", "incomplete", "out_of_scope"))]
    assert "75%" in text and "≥ 70%" in text  # Art. 5.4: 3 of the 4 units in scope
    assert "Đơn vị thuộc thẩm quyền quản lý, thuộc đối tượng: bản ghi 5, tính được 4" in text  # named, not a fact id
    assert "managed_units" not in text
    assert "Thôn Tây" in text and "171/180 hộ (95%)" in text
    assert "Trường Tiểu học Minh Tân (Cơ sở giáo dục): Cơ sở giáo dục tiểu học, mầm non, nhà trẻ" in text
    text = hoso.text("xa-minh-tan/00-3-du-thao-quyet-dinh-cong-nhan.docx")
    assert "QUYẾT ĐỊNH" in text and "DỰ THẢO" in text and "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MINH TÂN" in text
    assert "Công nhận 3 đơn vị" in text and "Thôn Đông" in text and "Thôn Tây" not in text


def _segments(doc, chart):
    out = {}
    for g in doc.xpath(f'//svg[contains(@class, "chart-{chart}")]//g[@class="row"]'):
        out[g.get("data-label")] = {r.get("data-key"): int(r.get("data-count")) for r in g.xpath('.//rect[@data-count]')}
    return out


def test_the_html_charts_show_the_counts_of_the_json(hoso):
    page = (hoso.dir / "bao-cao.html").read_text(encoding="utf-8")
    doc = lxml_html.fromstring(page)
    data = hoso.json
    summary = data["summary"]
    communes = _segments(doc, "communes")
    assert communes == {c["commune"]: {k: c[k] for k in ("pass", "fail", "incomplete") if c[k]} for c in summary["communes"]}
    assert _segments(doc, "types") == {v["label"]: {k: v[k] for k in ("pass", "fail", "incomplete", "out_of_scope") if v[k]}
                                       for v in summary["by_type"].values()}
    failures = Counter()
    for label, segs in _segments(doc, "failures").items():
        for key, n in segs.items():
            failures[(label.split(" ")[0], key)] += n
    assert failures == Counter((c["id"], c["status"]) for u in data["units"] for c in u["criteria"]
                               if c["status"] in ("fail", "incomplete"))
    kpis = {e.get("data-kpi"): int(e.text) for e in doc.xpath("//*[@data-kpi]")}
    assert kpis == {"units": summary["units"], **summary["outcomes"]}
    assert doc.xpath('//svg[contains(@class, "chart-communes")]//line[@class="threshold"]')  # the 70% line
    assert "3/4 (75%)" in page


# ----------------------------------------------------------------------------- one document, by its file name


def test_one_document_named_by_its_file(tmp_path):
    r = run_antt("assess", str(BATCH / "thon-dong.yaml"), "-o", str(tmp_path / "to-trinh.docx"))
    assert r.returncode == 0, r.stderr
    text = all_text(read(tmp_path / "to-trinh.docx"))
    assert "TỜ TRÌNH" in text and "Thôn Đông" in text and QUOC_HIEU in text


def test_a_failing_unit_gets_no_request(tmp_path):
    target = tmp_path / "to-trinh.docx"
    r = run_antt("assess", str(BATCH / "thon-tay.yaml"), "-o", str(target))
    assert r.returncode == 2
    assert re.search(r"thon-tay\.yaml: chỉ lập tờ trình đề nghị công nhận cho đơn vị đạt; đơn vị này: CHƯA ĐẠT \[not-passing\]",
                     r.stderr), r.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []
    r = run_antt("assess", str(BATCH / "thon-tay.yaml"), "--document", "to_trinh", "-o", str(tmp_path / "x.docx"),
                 "--lang", "en")
    assert r.returncode == 2 and "[not-passing]" in r.stderr and "made only for a unit that passes" in r.stderr
    r = run_antt("assess", str(BATCH / "thon-tay.yaml"), "--document", "to_trinhh", "-o", str(tmp_path / "x.docx"))
    assert r.returncode == 2 and "--document to_trinhh" in r.stderr and "bien_ban" in r.stderr


def test_a_batch_to_one_docx_is_the_summary_report(tmp_path):
    r = run_antt("assess", str(BATCH), "-o", str(tmp_path / "bao-cao.docx"), "--lang", "en")
    assert r.returncode == 1, r.stderr
    text = all_text(read(tmp_path / "bao-cao.docx"))
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "Working translation" in text  # --lang en: a working translation
    assert "REPORT" in text and "Thôn Tây" in text


def test_the_dossier_never_overwrites_without_force(tmp_path):
    out = tmp_path / "ho-so"
    edited = out / "xa-minh-tan" / "thon-tay" / "bien-ban-hop-danh-gia.docx"
    edited.parent.mkdir(parents=True)
    edited.write_bytes(b"edited by an official")
    r = run_antt("assess", str(BATCH / "thon-tay.yaml"), "-o", f"{out}/")
    assert r.returncode == 2
    assert f"{edited}: " in r.stderr and "[target-exists]" in r.stderr and "--force" in r.stderr
    assert edited.read_bytes() == b"edited by an official"
    assert [p for p in out.rglob("*") if p.is_file()] == [edited]  # nothing else was written
    r = run_antt("assess", str(BATCH / "thon-tay.yaml"), "-o", f"{out}/", "--force")
    assert r.returncode == 1, r.stderr
    assert "Thôn Tây" in all_text(read(edited))
    assert (out / "bao-cao.html").is_file()


HOSTILE = '<script>alert(1)</script> {{ 7*7 }} {% if 1 %}x{% endif %} =1+1 =HYPERLINK("http://x.example","y") &amp;'


def test_record_text_is_text_in_word_and_html(tmp_path):
    record = (BATCH / "thon-dong.yaml").read_text(encoding="utf-8")
    record = record.replace("name: Thôn Đông", "name: '" + HOSTILE.replace("'", "''") + "'")
    record = record.replace("place: Nhà văn hóa thôn Đông", "place: '<img src=x onerror=alert(1)>'")
    record = record.replace("name: Nguyễn Văn Hải", "name: \"{{ ''.__class__ }}\"")
    record += "notes: '{{ unit }} <b>not bold</b> =SUM(A1:A2)'\n"
    path = tmp_path / "don-vi.yaml"
    path.write_text(record, encoding="utf-8")
    r = run_antt("assess", str(path), "-o", str(tmp_path / "bien-ban.docx"), "-o", str(tmp_path / "bao-cao.html"))
    assert r.returncode == 0, r.stderr
    data = (tmp_path / "bien-ban.docx").read_bytes()
    text = all_text(read(data))
    for literal in (HOSTILE, "<img src=x onerror=alert(1)>", "{{ ''.__class__ }}", "{{ unit }} <b>not bold</b> =SUM(A1:A2)"):
        assert literal in text, literal
    assert not re.search(r"(?<![\d/,.])49(?![\d/])", text)  # {{ 7*7 }} was not evaluated
    with zipfile.ZipFile(tmp_path / "bien-ban.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    page = (tmp_path / "bao-cao.html").read_text(encoding="utf-8")
    doc = lxml_html.fromstring(page)
    assert "<script>alert" not in page and len(doc.xpath("//script")) == 1 and not doc.xpath("//img | //*[@onerror]")
    content = doc.text_content()
    for literal in (HOSTILE, "<img src=x onerror=alert(1)>", "{{ ''.__class__ }}"):
        assert literal in content, literal


# ----------------------------------------------------------------------------- the blank form, templates to edit


def test_the_blank_registration_form(tmp_path, criteria):
    r = run_antt("new", "trường học", "-o", str(tmp_path / "dang-ky.docx"), "--year", "2025")
    assert r.returncode == 0, r.stderr
    data = (tmp_path / "dang-ky.docx").read_bytes()
    assert decree_30_layout(data) == []
    text = all_text(read(data))
    assert "BẢN ĐĂNG KÝ" in text and "Phấn đấu đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm 2025" in text
    assert "Tên đơn vị: ……" in text and "Loại: Cơ sở giáo dục" in text
    ut = criteria.latest("co_so_giao_duc")
    assert len(criteria_rows_of_registration(read(data))) == len(ut.criteria)
    for c in ut.criteria:
        assert c.title.pick("vi") in text, c.id
    r = run_antt("new", "khu_dan_cu", "--format", "docx", "-o", str(tmp_path / "kdc"))
    assert r.returncode == 0 and "Điều 4" in all_text(read(tmp_path / "kdc"))


def criteria_rows_of_registration(document):
    return next(t for t in document.tables if t[0][0] == "STT")[1:]


def _edit_docx(path: Path, old: str, new: str) -> None:
    """Replace text inside one run of a .docx, as a person editing it in Word would."""
    import docx

    d = docx.Document(str(path))
    for p in d.paragraphs:
        for run in p.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
                d.save(str(path))
                return
    raise AssertionError(f"{old!r} not in {path}")


def test_a_copied_template_changes_the_document(tmp_path, hoso):
    folder = tmp_path / "mau"
    r = run_antt("templates", "copy", str(folder))
    assert r.returncode == 0 and "--templates" in r.stderr
    for name in ("vi/bien-ban.docx", "en/to-trinh.docx", "html/report.html", "html/report.css"):
        assert (folder / name).is_file(), name
    _edit_docx(folder / "vi" / "bien-ban.docx", "Cuộc họp kết thúc vào hồi", "MẪU CỦA TỈNH – Cuộc họp kết thúc vào hồi")
    html = folder / "html" / "report.html"
    html.write_text(html.read_text(encoding="utf-8").replace("</main>", "<p>Mẫu HTML của tỉnh</p></main>", 1), encoding="utf-8")
    (folder / "vi" / "to-trinh.docx").unlink()  # a folder holds only what it changes
    r = run_antt("assess", str(BATCH / "thon-tay.yaml"), "--templates", str(folder),
                 "-o", str(tmp_path / "bien-ban.docx"), "-o", str(tmp_path / "bao-cao.html"))
    assert r.returncode == 1, r.stderr
    assert "MẪU CỦA TỈNH" in all_text(read(tmp_path / "bien-ban.docx"))
    assert "Mẫu HTML của tỉnh" in (tmp_path / "bao-cao.html").read_text(encoding="utf-8")
    assert "MẪU CỦA TỈNH" not in hoso.text("xa-minh-tan/thon-tay/bien-ban-hop-danh-gia.docx")  # the shipped one is unchanged
    r = run_antt("templates", "copy", str(folder))
    assert r.returncode == 0
    assert "MẪU CỦA TỈNH" in all_text(read(folder / "vi" / "bien-ban.docx"))  # an edited copy is never replaced


def test_a_broken_template_is_a_located_problem(tmp_path):
    import docx

    bad = tmp_path / "mau" / "vi" / "bien-ban.docx"
    bad.parent.mkdir(parents=True)
    d = docx.Document()
    d.add_paragraph("Dòng đầu")
    d.add_paragraph("{{ unit.name ")
    d.save(str(bad))
    target = tmp_path / "bien-ban.docx"
    r = run_antt("assess", str(BATCH / "thon-tay.yaml"), "--templates", str(tmp_path / "mau"), "-o", str(target))
    assert r.returncode == 2
    assert r.stderr.startswith(f"{bad}:2: lỗi cú pháp Jinja trong mẫu") and "[template-syntax]" in r.stderr, r.stderr
    assert not target.exists()
    (tmp_path / "mau" / "vi" / "dang-ky.docx").write_text("{{ not a zip }}", encoding="utf-8")
    r = run_antt("new", "khu_dan_cu", "--templates", str(tmp_path / "mau"), "-o", str(tmp_path / "dk.docx"))
    assert r.returncode == 2 and "dang-ky.docx: " in r.stderr and "[template-unreadable]" in r.stderr
    assert not (tmp_path / "dk.docx").exists()
    r = run_antt("assess", str(BATCH / "thon-tay.yaml"), "--templates", str(tmp_path / "nowhere"), "-o", str(target))
    assert r.returncode == 2 and "--templates" in r.stderr
