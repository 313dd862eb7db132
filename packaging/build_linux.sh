#!/usr/bin/env bash
# Builds the Linux app and its tarball in one command:
#
#   packaging/build_linux.sh [OUTPUT_FOLDER]      (default: this checkout)
#
# Writes OUTPUT_FOLDER/dist/caseapp/ (the one-folder app: run dist/caseapp/caseapp) and
# OUTPUT_FOLDER/dist/caseapp-<version>-linux-<arch>.tar.gz (that folder, install.sh, the menu
# entry, AppStream metadata, icons, LICENSE and install notes) with its .sha256; PyInstaller's
# work files go to OUTPUT_FOLDER/build/. Needs the checkout's .venv (packaging/bootstrap.sh makes it); installs
# PyInstaller into it when missing. See packaging/BUILDING.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PY="$ROOT/.venv/bin/python"
APP_ID=org.caseapp.CaseApp

if [ ! -x "$PY" ]; then
  echo "build_linux: no $ROOT/.venv; run packaging/bootstrap.sh first" >&2
  exit 1
fi
for tool in objdump ldd readelf strip tar gzip; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build_linux: $tool is missing (Debian: binutils, libc-bin, tar, gzip)" >&2
    exit 1
  fi
done
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "build_linux: installing PyInstaller into .venv" >&2
  "$PY" -m pip install --quiet --disable-pip-version-check "pyinstaller>=6.10"
fi

VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/caseapp/__init__.py")
ARCH=$(uname -m)
NAME="caseapp-$VERSION-linux-$ARCH"
DIST="$OUT/dist"
APP="$DIST/caseapp"
started=$SECONDS

"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$OUT/build/pyinstaller" "$ROOT/packaging/caseapp.spec"

# Some wheels ship their libraries with debug information (libpython from pyenv, sqlcipher3,
# cryptography): 40 MB nobody in the field needs. Only the debug sections go; symbols stay.
# (readelf's output is read whole: "| grep -q" would stop it early, and under pipefail the
# broken pipe would read as "no debug information".)
while IFS= read -r -d '' binary; do
  sections=$(readelf -S -W "$binary" 2>/dev/null || true)
  if [[ $sections == *.debug_info* ]]; then
    strip --strip-debug "$binary"
  fi
done < <(find "$APP" -type f \( -name '*.so' -o -name '*.so.*' \) -print0)

# Refuse to ship anything that looks like data or tests.
unwanted=$(find "$APP" \( -name '*.db' -o -name '*.db-wal' -o -name '*.db-shm' -o -name '*.keys' \
  -o -name 'screenshots' -o -name 'tests' -o -name 'conftest.py' -o -name 'test_*.py' \
  -o -name '*.ts' \) -print)
if [ -n "$unwanted" ]; then
  echo "build_linux: the bundle holds files it must not:" >&2
  echo "$unwanted" >&2
  exit 1
fi

STAGE="$OUT/build/tarball/$NAME"
rm -rf "$OUT/build/tarball"
mkdir -p "$STAGE/share/applications" "$STAGE/share/metainfo" "$STAGE/share/icons"
cp -a "$APP" "$STAGE/caseapp"
cp "$ROOT/packaging/linux/install.sh" "$STAGE/install.sh"
chmod 755 "$STAGE/install.sh"
cp "$ROOT/packaging/linux/$APP_ID.desktop" "$STAGE/share/applications/"
cp "$ROOT/packaging/linux/$APP_ID.metainfo.xml" "$STAGE/share/metainfo/"
cp -R "$ROOT/packaging/icons/hicolor" "$STAGE/share/icons/hicolor"
cp "$ROOT/LICENSE" "$STAGE/LICENSE"
# The field user's part of the README: its "Install on a field laptop" section, kept in one place.
awk '/^## Install on a field laptop/ {on = 1} on && /^## / && !/^## Install/ {exit} on' \
  "$ROOT/README.md" >"$STAGE/README.md"
if ! grep -q "install.sh" "$STAGE/README.md"; then
  echo "build_linux: README.md has no 'Install on a field laptop' section" >&2
  exit 1
fi

# Fixed owner, order and time (the last commit's, when there is one): the tarball depends only
# on the files in it.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)}
TARBALL="$DIST/$NAME.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
  -C "$OUT/build/tarball" -cf - "$NAME" | gzip -n >"$TARBALL.part"
mv "$TARBALL.part" "$TARBALL"
(cd "$DIST" && sha256sum "$NAME.tar.gz" >"$NAME.tar.gz.sha256")

echo "build_linux: $(du -sh "$APP" | cut -f1) in $APP"
echo "build_linux: $(du -h "$TARBALL" | cut -f1) in $TARBALL ($((SECONDS - started)) s)"
