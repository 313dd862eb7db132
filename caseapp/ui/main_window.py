"""The main window. For now it shows what the store holds; the tabs come with the interface
issue."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget


class MainWindow(QMainWindow):
    def __init__(self, database: str, counts: Mapping[str, int]) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("caseapp"))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel(self.tr("Database: %1").replace("%1", database)))
        self.summary = QLabel(
            self.tr("%1 testimonies, %2 violations, %3 regions")
            .replace("%1", str(counts.get("testimony", 0)))
            .replace("%2", str(counts.get("violation", 0)))
            .replace("%3", str(counts.get("region", 0)))
        )
        self.summary.setObjectName("summary")
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.setCentralWidget(body)
        self.resize(900, 600)
