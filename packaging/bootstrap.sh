#!/usr/bin/env bash
# Installs what caseapp needs on a fresh Debian machine: the Debian libraries Qt loads (even
# offscreen), Python with venv, and caseapp with its test tools in ./.venv. Safe to run again:
# it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  python3 python3-venv python3-pip
  # Qt, even offscreen (see tech-notes): GL, fonts, keyboard, D-Bus
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 fontconfig
  # Qt's xcb platform, for a real window on a desktop or under Xvfb
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0
  libxcb-randr0 libxcb-render-util0 libxcb-xfixes0 libxcb-sync1 libxcb-shm0 libxcb-xkb1
  libx11-xcb1
  # reading exported PDFs back in the tests
  poppler-utils
  # the packaged app (tests/test_bundle.py): PyInstaller reads libraries with objdump, and
  # the Linux menu entry and AppStream metadata are checked with their validators
  binutils desktop-file-utils appstream
  # a FAT USB stick in the tests (an export's fallback when O_TMPFILE is refused), made in an
  # image file and mounted through FUSE
  dosfstools fusefat
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# Editable install: the checkout's resources/ folder is found beside the package.
if ! .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]' \
    >.venv/pip-install.log 2>&1; then
  cat .venv/pip-install.log >&2
  echo "bootstrap: pip install failed (log above)" >&2
  exit 1
fi
.venv/bin/python -c "import caseapp, PySide6.QtWidgets, sqlcipher3, pytestqt"
