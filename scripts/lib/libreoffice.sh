# shellcheck shell=bash
# LibreOffice for the tests that open what the server writes as a spreadsheet program would
# (PlanWorkbookTests converts the plan report's XLSX to CSV). Source this file.
#
#   lo_ensure_installed   find (or apt-get install) Debian's LibreOffice Calc without its GUI;
#                         exports LIBREOFFICE_BIN
#
# libreoffice-calc-nogui is the smallest package that converts a workbook headless (no X11, no
# Java, no Writer or Impress); the full libreoffice package is several times larger.

[[ -n ${CV_LIBREOFFICE_SOURCED:-} ]] && return 0
CV_LIBREOFFICE_SOURCED=1
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

lo_ensure_installed() {
  cv_ensure_debian_tool LIBREOFFICE_BIN soffice libreoffice-calc-nogui --no-install-recommends
  export LIBREOFFICE_BIN
}
