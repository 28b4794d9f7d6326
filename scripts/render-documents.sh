#!/usr/bin/env bash
# Render .docx files to PDF (LibreOffice headless) and PNG pages (pdftoppm), to look at them.
#   scripts/render-documents.sh OUT_DIR FILE.docx [FILE.docx …]
# Needs the Debian packages libreoffice-writer(-nogui) and poppler-utils; fonts-liberation2
# provides Liberation Serif, which LibreOffice uses for Times New Roman (same metrics).
# Writes OUT_DIR/<name>.pdf and OUT_DIR/<name>-<page>.png (96 dpi). A private LibreOffice
# profile under OUT_DIR keeps it from touching the user's.
set -euo pipefail
out=${1:?usage: render-documents.sh OUT_DIR FILE.docx…}
shift
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for soffice in soffice libreoffice; do command -v "$soffice" >/dev/null && break; done
command -v "$soffice" >/dev/null || { echo "LibreOffice not installed (apt-get install libreoffice-writer-nogui)" >&2; exit 2; }
command -v pdftoppm >/dev/null || { echo "pdftoppm not installed (apt-get install poppler-utils)" >&2; exit 2; }
"$soffice" -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$@" >/dev/null
for f in "$@"; do
  name=$(basename "${f%.*}")
  pdftoppm -r "${DPI:-96}" -png "$out/$name.pdf" "$out/$name"
  echo "$out/$name.pdf: $(pdfinfo "$out/$name.pdf" 2>/dev/null | awk '/^Pages:/{print $2}') page(s)"
done
