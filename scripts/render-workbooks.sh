#!/usr/bin/env bash
# Render workbooks to PDF (LibreOffice headless, each sheet as it prints) and PNG pages (pdftoppm),
# to look at them as a commune office would when it prints or forwards them.
#   scripts/render-workbooks.sh OUT_DIR [FILE.xlsx …]
# With no FILE: scripts/demo-workbooks.py first writes the demo commune's workbook, its assessed
# copy and the report into OUT_DIR, and those are rendered.
# Needs the Debian packages libreoffice-calc-nogui (or libreoffice-calc) and poppler-utils;
# fonts-liberation2 gives Liberation Serif for Times New Roman (same metrics). A private
# LibreOffice profile keeps it from touching the user's. Writes OUT_DIR/<name>.pdf and
# OUT_DIR/<name>-<page>.png (DPI=96 by default).
set -euo pipefail
out=${1:?usage: render-workbooks.sh OUT_DIR [FILE.xlsx…]}
shift
mkdir -p "$out"
here=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
  "${PYTHON:-python3}" "$here/scripts/demo-workbooks.py" "$out"
  set -- "$out/xa-minh-tan.xlsx" "$out/xa-minh-tan-ket-qua.xlsx" "$out/bao-cao.xlsx"
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for soffice in soffice libreoffice; do command -v "$soffice" >/dev/null && break; done
command -v "$soffice" >/dev/null || { echo "LibreOffice not installed (apt-get install libreoffice-calc-nogui)" >&2; exit 2; }
command -v pdftoppm >/dev/null || { echo "pdftoppm not installed (apt-get install poppler-utils)" >&2; exit 2; }
pdfs=$(mktemp -d)
trap 'rm -rf "$profile" "$pdfs"' EXIT
"$soffice" -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$pdfs" "$@" >/dev/null
for f in "$@"; do
  name=$(basename "${f%.*}")
  mv "$pdfs/$name.pdf" "$out/$name.pdf"
  rm -f "$out/$name"-*.png
  pdftoppm -r "${DPI:-96}" -png "$out/$name.pdf" "$out/$name"
  echo "$out/$name.pdf: $(pdfinfo "$out/$name.pdf" 2>/dev/null | awk '/^Pages:/{print $2}') page(s)"
done
