"""How values look in the interface: dates with their precision, figures that are minimums,
consent scopes. An estimate never looks like an exact date."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def partial_date(start: str | None, precision: str | None, end: str | None = None) -> str:
    """ "2019-03-14", "2019-03", "2019", "1997 – 1998", "c. 2019", or "unknown"."""
    if not start:
        return QCoreApplication.translate("formatting", "unknown") if precision == "unknown" else ""
    if precision == "range" and end:
        return f"{start} – {end}"
    if precision == "estimate":
        shown = f"{start} – {end}" if end else start
        return QCoreApplication.translate("formatting", "c. %1").replace("%1", shown)
    return start


def reported_cases(count: int | None, is_minimum: bool) -> str:
    """3200 and a minimum -> "3,200+"."""
    if count is None:
        return ""
    return f"{count:,}+" if is_minimum else f"{count:,}"


def consent_scopes(
    internal: bool | None, un: bool | None, public: bool | None, withdrawn: str | None
) -> str:
    if internal is None and un is None and public is None:
        return QCoreApplication.translate("formatting", "none recorded")
    if withdrawn:
        return QCoreApplication.translate("formatting", "withdrawn")
    scopes = []
    if internal:
        scopes.append(QCoreApplication.translate("formatting", "internal"))
    if un:
        scopes.append(QCoreApplication.translate("formatting", "UN"))
    if public:
        scopes.append(QCoreApplication.translate("formatting", "public"))
    return ", ".join(scopes) if scopes else QCoreApplication.translate("formatting", "none")


def precision_label(precision: str) -> str:
    """A date precision ("exact", "month", ...) as the interface names it; an unknown value
    is shown as it is."""
    labels = {
        "exact": QCoreApplication.translate("formatting", "exact day"),
        "month": QCoreApplication.translate("formatting", "month"),
        "year": QCoreApplication.translate("formatting", "year"),
        "range": QCoreApplication.translate("formatting", "range"),
        "estimate": QCoreApplication.translate("formatting", "estimate (about)"),
        "unknown": QCoreApplication.translate("formatting", "unknown"),
    }
    return labels.get(precision, precision)
