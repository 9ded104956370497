# shellcheck shell=bash
# zbar, the QR decoder of the tests that read what the server draws as a phone's camera would
# (QRCodeTests decodes the desk sheets' encoder at every version and mask). Source this file.
#
#   zbar_ensure_installed   find (or apt-get install) Debian's zbar-tools; exports ZBARIMG_BIN

[[ -n ${CV_ZBAR_SOURCED:-} ]] && return 0
CV_ZBAR_SOURCED=1
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

zbar_ensure_installed() {
  cv_ensure_debian_tool ZBARIMG_BIN zbarimg zbar-tools --no-install-recommends
  export ZBARIMG_BIN
}
