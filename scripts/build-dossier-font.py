#!/usr/bin/env python3
"""Subset the Tinos serif font (metric-compatible with Times New Roman, SIL OFL 1.1, no Reserved
Font Name) to Latin + Vietnamese and write WOFF2 files that the HTML report embeds (base64), so
that Vietnamese renders the same on any machine, offline.

Needs: Debian package fonts-croscore (the .ttf files and their licence), fontTools and brotli
(build time only, not runtime dependencies):  pip install fonttools brotli
Run:   python scripts/build-dossier-font.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "antt_cli" / "report" / "dossier" / "fonts"
SRC = Path("/usr/share/fonts/truetype/croscore")
COPYRIGHT = Path("/usr/share/doc/fonts-croscore/copyright")
STYLES = ["Regular", "Bold", "Italic", "BoldItalic"]

# Basic Latin, Latin-1, the Vietnamese letters (Ă Â Đ Ê Ô Ơ Ư and their tones, U+1EA0–1EF9),
# combining tone marks, general punctuation (– — ‘ ’ “ ” …), ₫, ≤ ≥ → ×, №
UNICODES = ("U+0020-007E,U+00A0-00FF,U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,"
            "U+01AF-01B0,U+0300-0301,U+0303,U+0309,U+0323,U+1EA0-1EF9,U+2010-2027,U+2030,U+2039-203A,"
            "U+20AB,U+2116,U+2190-2193,U+2212,U+2264-2265,U+25B2,U+25BC")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for style in STYLES:
        src = SRC / f"Tinos-{style}.ttf"
        if not src.is_file():
            print(f"{src}: missing (apt-get install fonts-croscore)", file=sys.stderr)
            return 2
        out = OUT / f"Tinos-{style}.woff2"
        subset.main([str(src), f"--unicodes={UNICODES}", "--flavor=woff2", f"--output-file={out}",
                     "--layout-features=*", "--name-IDs=*", "--name-languages=*", "--notdef-outline"])
        print(out.relative_to(ROOT), out.stat().st_size, "bytes")
    text = COPYRIGHT.read_text(encoding="utf-8")
    m = re.search(r"^License: OFL-1.1\n((?: .*\n?)+)", text[text.index("License: OFL-1.1\n PREAMBLE"):], re.M)
    licence = "\n".join(line[1:] if line.startswith(" ") else line for line in m.group(1).splitlines())
    licence = licence.replace("\n.\n", "\n\n").replace("\n.", "\n")
    (OUT / "LICENSE-Tinos.txt").write_text(
        "Tinos (subset to Latin and Vietnamese, WOFF2), embedded in antt's HTML reports.\n"
        "Copyright 2010 Google Inc. All Rights Reserved.\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "Source: Debian package fonts-croscore (upstream: Google, https://github.com/googlefonts).\n\n"
        "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007\n\n" + licence.strip() + "\n", encoding="utf-8")
    print((OUT / "LICENSE-Tinos.txt").relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
