"""Draws caseapp's icon: a case folder with a sheet in it and a shield with a keyhole.

    .venv/bin/python packaging/make_icons.py

Writes packaging/icons/: the scalable SVG, the hicolor PNGs (16 to 512 px) for Linux, caseapp.ico
for Windows and caseapp.icns for macOS. The SVG below is the one source; Qt renders every PNG
from it (a plainer variant for 16 and 24 px, where the sheet's lines would be a grey smear).
The .ico and .icns are written here from the PNGs (both formats are a header and a list of
PNGs), so neither Pillow nor macOS's iconutil is needed. Original artwork, no copied parts.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "org.caseapp.CaseApp"
OUT = Path(__file__).resolve().parent / "icons"
WINDOW_ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
WINDOW_ICON_SIZES = (32, 64, 256)
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SMALL = 24  # at this size and below, the plain variant
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns entry types holding PNG data, by pixel size (the @2x ones are the same sizes again).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)

SHEET_LINES = """
  <rect x="150" y="118" width="172" height="20" rx="10" fill="#9aa9bd"/>
  <rect x="150" y="150" width="120" height="20" rx="10" fill="#9aa9bd"/>"""

SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <title>caseapp</title>
  <!-- folder, back -->
  <path d="M40 120 q0 -24 24 -24 h124 q12 0 20 8 l28 28 h212 q24 0 24 24 v260
           q0 24 -24 24 h-384 q-24 0 -24 -24 z" fill="#b9790f"/>
  <!-- the sheet in the folder -->
  <rect x="112" y="70" width="248" height="250" rx="14" fill="#ffffff"
        stroke="#c7d0dc" stroke-width="6"/>{lines}
  <!-- folder, front -->
  <path d="M40 204 q0 -24 24 -24 h384 q24 0 24 24 v212 q0 24 -24 24 h-384
           q-24 0 -24 -24 z" fill="#f2b134"/>
  <!-- shield with a keyhole -->
  <path d="M368 226 l104 38 v88 c0 70 -44 112 -104 140 c-60 -28 -104 -70 -104 -140 v-88 z"
        fill="#1d5c8c" stroke="#ffffff" stroke-width="{stroke}" stroke-linejoin="round"/>
  <circle cx="368" cy="334" r="{hole}" fill="#ffffff"/>
  <path d="M{key_left} 344 l-10 {key_drop} h{key_width} l-10 -{key_drop} z" fill="#ffffff"/>
</svg>
"""


def svg(small: bool) -> str:
    if small:  # bolder keyhole and outline, no lines on the sheet
        return SVG.format(lines="", stroke=20, hole=34, key_left=352, key_drop=88, key_width=52)
    return SVG.format(
        lines=SHEET_LINES, stroke=14, hole=27, key_left=356, key_drop=76, key_width=44
    )


def render(source: str, size: int) -> QImage:
    renderer = QSvgRenderer(QByteArray(source.encode("utf-8")))
    if not renderer.isValid():
        raise SystemExit("make_icons: the SVG does not parse")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit("make_icons: Qt could not write a PNG")
    return bytes(data.data())


def icon_png(size: int) -> bytes:
    return png_bytes(render(svg(small=size <= SMALL), size))


def ico(sizes: tuple[int, ...]) -> bytes:
    """A Windows .ico of PNG images (read by Windows Vista and later)."""
    images = [icon_png(size) for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for size, data in zip(sizes, images, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return header + entries + b"".join(images)


def icns() -> bytes:
    """A macOS .icns of PNG images (read by macOS 10.7 and later)."""
    body = b""
    for kind, size in ICNS_TYPES:
        data = icon_png(size)
        body += kind + struct.pack(">I", 8 + len(data)) + data
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    hicolor = OUT / "hicolor"
    for size in HICOLOR_SIZES:
        folder = hicolor / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{APP_ID}.png").write_bytes(icon_png(size))
    scalable = hicolor / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    (scalable / f"{APP_ID}.svg").write_text(svg(small=False), encoding="utf-8")
    (OUT / "caseapp.ico").write_bytes(ico(ICO_SIZES))
    (OUT / "caseapp.icns").write_bytes(icns())
    # The window's own icon, found like every other resource (caseapp/resources.py).
    WINDOW_ICONS.mkdir(parents=True, exist_ok=True)
    for size in WINDOW_ICON_SIZES:
        (WINDOW_ICONS / f"caseapp-{size}.png").write_bytes(icon_png(size))
    del app
    print(f"make_icons: wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
