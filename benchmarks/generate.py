"""Generate N realistic unit records for the batch benchmark (and for trying `antt assess DIR`).

    python benchmarks/generate.py OUT_DIR [-n 10000] [--seed 1] [--invalid 0.005]

Layout: OUT_DIR/<tỉnh>/<xã>/<loại>-<n>.yaml — every commune folder holds one commune record
(type xa) and the residential areas, agencies, enterprises and schools that name it in
`commune:`. All five unit types, 1–3 KB each, Vietnamese names and notes; about a third fail
or lack data for some criterion, some are out of scope, and a few files (--invalid) are broken
in the ways users break them (YAML syntax, wrong type, unknown field, bad date, empty file).

The records start from the passing cases in criteria/cases/ (`*-dat`), so they follow the
criteria as they are now. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import random
import sys
from pathlib import Path

import yaml

# libyaml where present: the same data read and byte-for-byte the same files written, 3–8× faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

ROOT = Path(__file__).resolve().parent.parent
BASES = {"khu_dan_cu": "kdc-dat", "co_quan": "cq-dat", "doanh_nghiep": "dn-dat", "co_so_giao_duc": "gd-dat",
         "xa": "xa-dat"}
PROVINCES = ["Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Bắc Ninh", "Đồng Nai", "Cần Thơ", "Lâm Đồng"]
SYLLABLES = ["An", "Bình", "Hòa", "Phú", "Tân", "Thịnh", "Hưng", "Lộc", "Phước", "Quang", "Thạnh", "Xuân", "Đông",
             "Tây", "Nam", "Bắc", "Trung", "Hải", "Sơn", "Vĩnh", "Long", "Mỹ", "Khánh", "Ninh", "Thuận", "Lạc"]
KDC_PREFIX = ["Thôn", "Tổ dân phố", "Khu phố", "Bản", "Ấp", "Xóm"]
CQ_NAMES = ["Trạm Y tế", "Bưu điện văn hóa", "Trung tâm Văn hóa – Thể thao", "Ban Quản lý chợ", "Kho bạc Nhà nước",
            "Chi cục Thuế khu vực", "Hạt Kiểm lâm", "Trung tâm Dịch vụ nông nghiệp"]
DN_NAMES = ["Công ty TNHH May", "Công ty Cổ phần Gạch ngói", "Công ty TNHH Chế biến nông sản", "Hợp tác xã Dịch vụ",
            "Công ty Cổ phần Thủy sản", "Công ty TNHH Cơ khí", "Công ty Cổ phần Gỗ", "Công ty TNHH Bao bì"]
GD_NAMES = ["Trường THCS", "Trường THPT", "Trung tâm GDNN-GDTX", "Trường Trung cấp nghề", "Trường Cao đẳng"]
NOTES = [
    "Biên bản họp bình xét ngày {d}/11/{y}: các thành viên thống nhất đánh giá; mô hình \"Camera với ANTT\" "
    "và \"Tổ tự quản\" hoạt động thường xuyên, phối hợp tốt với Công an {commune}.",
    "Số liệu do {who} tổng hợp từ sổ theo dõi vụ việc và báo cáo của Công an {commune}; đã đối chiếu với "
    "danh sách hộ gia đình đăng ký thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc.",
    "Ghi chú thêm: trong năm đã tổ chức {n} buổi tuyên truyền pháp luật về phòng, chống tội phạm, tệ nạn xã hội, "
    "phòng cháy, chữa cháy; duy trì hòm thư tố giác tội phạm và nhóm Zalo an ninh trật tự.",
]


def load_bases() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for f in sorted((ROOT / "criteria" / "cases").glob("*.yaml")):
        for case in (yaml.load(f.read_text(encoding="utf-8"), Loader=_LOADER) or {}).get("cases", []):
            for tid, name in BASES.items():
                if case.get("name") == name:
                    out[tid] = case["record"]
    missing = set(BASES) - set(out)
    if missing:
        sys.exit(f"generate.py: passing cases not found for {sorted(missing)} in criteria/cases/")
    return out


def word(rng: random.Random, n: int = 2) -> str:
    return " ".join(rng.choice(SYLLABLES) for _ in range(n))


def slug(text: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in s).split())


def notes(rng: random.Random, commune: str, year: int, target: int) -> str:
    parts = []
    while sum(len(p) for p in parts) < target:
        parts.append(rng.choice(NOTES).format(d=rng.randint(2, 14), y=year, commune=commune,
                                              who=rng.choice(["Trưởng thôn", "Bộ phận văn phòng", "Công an viên"]),
                                              n=rng.randint(2, 12)))
    return " ".join(parts)


def incident(rng: random.Random, year: int) -> dict:
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 290))
    return {"date": day, "category": rng.choice(["toi_pham", "chay_no", "tai_nan_lao_dong", "su_co"]),
            "severity": "it_nghiem_trong", "fatal": False, "force_majeure": False,
            "description": f"Vụ việc ít nghiêm trọng tại {word(rng)}, đã được xử lý kịp thời, không gây thiệt hại lớn"}


def make_unit(rng: random.Random, base: dict, tid: str, i: int, commune: str, province: str, year: int) -> dict:
    rec = copy.deepcopy(base)
    rec["year"] = year
    rec["commune"] = commune
    rec["province"] = province
    if tid == "khu_dan_cu":
        rec["name"] = f"{rng.choice(KDC_PREFIX)} {word(rng)} {i}"
        n = rng.randint(80, 900)
        rec["households_residing"] = n
        rec["households_registered"] = n - rng.choice([0, 0, 0, 0, rng.randint(1, max(1, n // 8))])
    elif tid == "co_quan":
        rec["name"] = f"{rng.choice(CQ_NAMES)} {word(rng)}"
    elif tid == "doanh_nghiep":
        rec["name"] = f"{rng.choice(DN_NAMES)} {word(rng)}"
    else:
        rec["name"] = f"{rng.choice(GD_NAMES)} {word(rng)}"
    rec["code"] = f"{slug(province)[:3].upper()}-{slug(commune)[:12].upper()}-{tid[:3].upper()}{i:05d}"
    if "incidents" in rec and rng.random() < 0.3:
        rec["incidents"] = [incident(rng, year) for _ in range(rng.randint(1, 3))]
    # about a third do not pass: a late document, a missing judgement, an extra crime
    r = rng.random()
    if r < 0.15 and "registration_date" in rec:
        rec["registration_date"] = dt.date(year, rng.randint(4, 9), rng.randint(1, 28))
    elif r < 0.25:
        for k in ("implements_policy_fully", "models_effective", "managed_persons_handled_well"):
            rec.pop(k, None)
    elif r < 0.32 and "crimes" in rec:
        rec["crimes"] = rec.get("crimes_previous_year", 0) + rng.randint(1, 4)
    elif r < 0.36 and tid == "doanh_nghiep":
        rec["insured_workers"] = rng.randint(3, 9)  # small enterprise → out of scope
    rec["notes"] = notes(rng, commune, year, rng.randint(200, 900))
    return rec


def make_commune(rng: random.Random, base: dict, commune: str, province: str, year: int, n_units: int) -> dict:
    rec = copy.deepcopy(base)
    rec.update(name=commune, year=year, province=province, code=f"{slug(province)[:3].upper()}-{slug(commune).upper()}")
    rec.pop("commune", None)
    # the counts the commune states itself (the batch recomputes them from its units)
    rec["managed_units_total"] = n_units
    rec["managed_units_registered"] = n_units
    rec["managed_units_recognised"] = max(0, int(n_units * rng.uniform(0.55, 0.95)))
    rec["notes"] = notes(rng, commune, year, rng.randint(400, 1200))
    return rec


BROKEN = [
    lambda text: text.replace("\nname:", "\nname: [chưa đóng ngoặc", 1),                      # YAML syntax
    lambda text: text.replace("\nyear:", "\nyear: hai nghìn", 1).replace("hai nghìn 20", "hai nghìn #", 1),
    lambda text: text + "so_ho_dan: 120\n",                                                   # unknown field
    lambda text: text.replace("registration_date: 20", "registration_date: 31/02/20", 1),   # bad date
    lambda text: "",                                                                          # empty file
    lambda text: text.replace("\ntype:", "\ntype: trường mẫu giáo xyz\nx_type:", 1),          # unknown type
]


def dump(rec: dict) -> str:
    return yaml.dump(rec, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)


def generate(out: Path, n: int, seed: int = 1, invalid: float = 0.005, year: int = 2024) -> dict[str, int]:
    rng = random.Random(seed)
    bases = load_bases()
    types = ["khu_dan_cu"] * 6 + ["co_quan", "doanh_nghiep", "doanh_nghiep", "co_so_giao_duc"]
    stats = {"files": 0, "invalid": 0, "communes": 0, "bytes": 0}
    i = 0
    while i < n:
        province = rng.choice(PROVINCES)
        commune = f"{rng.choice(['Xã', 'Xã', 'Phường', 'Đặc khu'])} {word(rng)} {stats['communes'] + 1}"
        folder = out / slug(province) / slug(commune)
        folder.mkdir(parents=True, exist_ok=True)
        n_units = min(rng.randint(15, 60), max(0, n - i - 1))
        docs = [("xa-" + slug(commune), make_commune(rng, bases["xa"], commune, province, year, n_units))]
        for k in range(n_units):
            tid = rng.choice(types)
            docs.append((f"{tid}-{i + k + 1:06d}", make_unit(rng, bases[tid], tid, i + k + 1, commune, province, year)))
        stats["communes"] += 1
        for name, rec in docs:
            text = dump(rec)
            if rng.random() < invalid:
                text = rng.choice(BROKEN)(text)
                stats["invalid"] += 1
            data = text.encode("utf-8")
            (folder / f"{name}.yaml").write_bytes(data)
            stats["files"] += 1
            stats["bytes"] += len(data)
            i += 1
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=10_000, help="number of files (default 10000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--invalid", type=float, default=0.005, help="share of broken files (default 0.005)")
    args = ap.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        print(f"generate.py: {args.out} is not empty", file=sys.stderr)
        return 2
    stats = generate(args.out, args.n, args.seed, args.invalid)
    print(f"{stats['files']} files ({stats['communes']} communes, {stats['invalid']} broken), "
          f"{stats['bytes'] / max(1, stats['files']) / 1024:.1f} KB average → {os.fspath(args.out)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
