#!/bin/sh
# Installs caseapp from this unpacked tarball for the current user, without root:
#
#   ./install.sh                 the program to ~/.local/lib/caseapp, the command
#                                ~/.local/bin/caseapp, a menu entry, icons and AppStream data
#   ./install.sh --uninstall     removes exactly those again
#   ./install.sh --prefix DIR    uses DIR instead of ~/.local
#
# Your records are never touched, neither by installing over an older version nor by
# --uninstall: they live in ~/.local/share/caseapp/ (the database and its .keys file).
set -eu

APP_ID=org.caseapp.CaseApp
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX="$HOME/.local"
UNINSTALL=0

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix)
      [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
      PREFIX=$2
      shift 2
      ;;
    --prefix=*) PREFIX=${1#--prefix=}; shift ;;
    --uninstall) UNINSTALL=1; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

case "$PREFIX" in
  /*) ;;
  *) PREFIX="$(pwd)/$PREFIX" ;;
esac
# The desktop menu reads $XDG_DATA_HOME (default ~/.local/share) for a per-user install.
if [ "$PREFIX" = "$HOME/.local" ] && [ -n "${XDG_DATA_HOME:-}" ]; then
  SHARE=$XDG_DATA_HOME
else
  SHARE="$PREFIX/share"
fi
APP_DIR="$PREFIX/lib/caseapp"
BIN="$PREFIX/bin/caseapp"
DESKTOP="$SHARE/applications/$APP_ID.desktop"
METAINFO="$SHARE/metainfo/$APP_ID.metainfo.xml"
ICONS="$SHARE/icons/hicolor"

refresh_menus() {
  # Menus and icon caches notice the change sooner; neither tool is required.
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
  fi
  if [ -f "$ICONS/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
  fi
  touch "$ICONS" 2>/dev/null || true
}

if [ "$UNINSTALL" -eq 1 ]; then
  rm -rf "$APP_DIR"
  if [ -L "$BIN" ]; then rm -f "$BIN"; fi
  rm -f "$DESKTOP" "$METAINFO"
  for icon in "$ICONS"/*/apps/"$APP_ID".png "$ICONS"/*/apps/"$APP_ID".svg; do
    if [ -f "$icon" ]; then rm -f "$icon"; fi
  done
  refresh_menus
  echo "caseapp removed. Your records in ${XDG_DATA_HOME:-$HOME/.local/share}/caseapp were kept."
  exit 0
fi

if [ ! -x "$HERE/caseapp/caseapp" ]; then
  echo "install.sh: run me from the unpacked caseapp tarball (no caseapp/caseapp here)" >&2
  exit 1
fi
case "$APP_DIR" in
  *\"*|*\`*|*\$*|*\\*|*%*)
    echo "install.sh: the folder $APP_DIR has a character a menu entry cannot hold" >&2
    exit 1
    ;;
esac

mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$SHARE/applications" "$SHARE/metainfo" "$ICONS"
# Copy beside the old version first, then swap: an interrupted copy leaves the old one working.
rm -rf "$APP_DIR.new"
cp -R "$HERE/caseapp" "$APP_DIR.new"
rm -rf "$APP_DIR"
mv "$APP_DIR.new" "$APP_DIR"
ln -sfn "$APP_DIR/caseapp" "$BIN"

# The menu entry starts the installed program by its full path: ~/.local/bin is not on
# every desktop session's PATH.
sed -e "s|^Exec=.*|Exec=\"$APP_DIR/caseapp\"|" -e "s|^TryExec=.*|TryExec=$APP_DIR/caseapp|" \
  "$HERE/share/applications/$APP_ID.desktop" >"$DESKTOP"
cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$METAINFO"
cp -R "$HERE/share/icons/hicolor/." "$ICONS/"
refresh_menus

echo "caseapp $("$APP_DIR/caseapp" --version | sed 's/^caseapp //') installed in $APP_DIR"
echo "Start it from your applications menu, or run: $BIN"
case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *) echo "($PREFIX/bin is not on your PATH: use the full path above, or the menu)" ;;
esac
