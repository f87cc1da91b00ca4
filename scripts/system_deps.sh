#!/usr/bin/env bash
# Debian/Ubuntu packages reviewmech needs outside Python: WeasyPrint's libraries, the fonts
# that cover the six UN languages, gettext and poppler (PDF checks). With --browser, also
# Chromium for the browser tests; with --office, LibreOffice Writer (headless) for the test
# that re-saves the offline checklist's files in a real word processor. CI passes both.
# Installs them when run as root; otherwise prints the exact command and stops.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core
          fonts-noto-core fonts-noto-cjk gettext poppler-utils)
for option in "$@"; do
  case "$option" in
    --browser) packages+=(chromium) ;;
    --office) packages+=(libreoffice-writer-nogui) ;;
    *) echo "unknown option: $option (--browser, --office)" >&2; exit 2 ;;
  esac
done

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "reviewmech needs these system packages (or their equivalents): ${missing[*]}" >&2
  exit 1
fi
cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "reviewmech needs system packages that are not installed. Run, as root:" >&2
  echo "  sudo sh -c '$cmd'" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
sh -c "$cmd" >/dev/null
