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
  if [[ -n ${LIBREOFFICE_BIN:-} && -x $LIBREOFFICE_BIN ]]; then export LIBREOFFICE_BIN; return 0; fi
  if LIBREOFFICE_BIN=$(command -v soffice 2>/dev/null || command -v libreoffice 2>/dev/null); then
    export LIBREOFFICE_BIN
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || cv_die "LibreOffice not found and apt-get is not available: install libreoffice-calc-nogui"
  cv_log "LibreOffice is not installed: installing Debian's libreoffice-calc-nogui (for the XLSX test)"
  local apt_env=(env DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1) start=$SECONDS
  cv_as_admin "${apt_env[@]}" apt-get install -y -q --no-install-recommends libreoffice-calc-nogui </dev/null ||
    { cv_as_admin "${apt_env[@]}" apt-get update -q </dev/null &&
      cv_as_admin "${apt_env[@]}" apt-get install -y -q --no-install-recommends libreoffice-calc-nogui </dev/null; } ||
    cv_die "apt-get install libreoffice-calc-nogui failed"
  cv_log "libreoffice-calc-nogui installed in $((SECONDS - start)) s"
  LIBREOFFICE_BIN=$(command -v soffice 2>/dev/null || command -v libreoffice 2>/dev/null || echo /usr/bin/soffice)
  [[ -x $LIBREOFFICE_BIN ]] || cv_die "libreoffice-calc-nogui installed, but soffice is not on PATH"
  export LIBREOFFICE_BIN
}
