"""Issue 12, item 7: an import's message names the row and the column, never the cell's content,
whatever landed in which column (a narrative in the code, uid, date or vocabulary column)."""

from pathlib import Path

import pytest

from caseapp.app import CaseApp
from caseapp.services.csv_fields import restore
from caseapp.services.csv_import import CsvImportError

from .test_csv_export_import import read_back, snapshot, write_rows

# Short enough for the 40-character code column, with nothing a message would say anyway.
SHORT_HOSTILE = "Qzv김철수Wkx수용소Jpq탈출"
NARRATIVE = (
    "Qzv 김철수는 2019년 겨울 Wkx 회령 근처 Jpq 수용소에서 Vbn 탈출했다고 진술했다. "
    "Xrt the guards Mlk beat him Ghy at the Hoeryong Pfd holding centre. " * 4
)


def _windows(cell: str, width: int = 5) -> set[str]:
    width = min(width, len(cell))  # a short cell must not be quoted whole either
    return {cell[i : i + width] for i in range(len(cell) - width + 1)}


def _assert_not_quoted(message: str, cell: str) -> None:
    leaked = [w for w in _windows(cell) if w.strip() and w in message]
    assert not leaked, (leaked[:3], message)


def _testimonies(app: CaseApp, tmp_path: Path) -> tuple[list[str], list[dict[str, str]]]:
    path = tmp_path / "testimonies.csv"
    app.export_csv("testimonies", path, "internal")
    header, rows = read_back(path)
    return header, [{k: restore(v) for k, v in row.items()} for row in rows]


def _new_row(header: list[str], code: str) -> dict[str, str]:
    return {
        **{name: "" for name in header},
        "code": code,
        "title": "a title",
        "narrative": "a narrative",
        "interview_date": "2021-06",
        "interview_date_precision": "month",
        "language": "ko",
        "reliability": "likely_reliable",
        "status": "draft",
    }


def _cell(column: str, value: str):
    def edit(header: list[str], rows: list[dict[str, str]]) -> str:
        rows[2][column] = value
        return value

    return edit


def _duplicate_code(header: list[str], rows: list[dict[str, str]]) -> str:
    rows.append(_new_row(header, SHORT_HOSTILE))
    rows.append(_new_row(header, SHORT_HOSTILE))
    return SHORT_HOSTILE


def _code_taken(header: list[str], rows: list[dict[str, str]]) -> str:
    rows[0]["code"] = SHORT_HOSTILE
    rows[1]["code"] = SHORT_HOSTILE
    return SHORT_HOSTILE


def _pseudonym_differs(header: list[str], rows: list[dict[str, str]]) -> str:
    for index, pseudonym in ((0, "Pseudo Alpha"), (1, "Pseudo Beta")):
        rows[index]["source_code"] = SHORT_HOSTILE
        rows[index]["source_pseudonym"] = pseudonym
    return SHORT_HOSTILE


CASES = {
    "a narrative in the uid column": (_cell("uid", NARRATIVE), "column uid"),
    "a narrative in the code column": (_cell("code", NARRATIVE), "column code"),
    "a duplicate code of hostile text": (_duplicate_code, "column code"),
    "two updates given the same hostile code": (_code_taken, "column code"),
    "a narrative in a date column": (_cell("interview_date", NARRATIVE), "column interview_date"),
    "a narrative in a precision column": (
        _cell("interview_date_precision", NARRATIVE),
        "column interview_date_precision",
    ),
    "a narrative in a vocabulary column": (_cell("reliability", NARRATIVE), "column reliability"),
    "a narrative in a choice column": (_cell("status", NARRATIVE), "column status"),
    "a narrative in a yes/no column": (_cell("consent_un", NARRATIVE), "column consent_un"),
    "a narrative in the profile column": (_cell("export_profile", NARRATIVE), "export_profile"),
    "a short hostile year": (_cell("interview_date", "20X9"), "column interview_date"),
    "one person code, two pseudonyms": (_pseudonym_differs, "column source_pseudonym"),
}


@pytest.mark.parametrize("case", CASES)
def test_an_import_message_never_quotes_the_cell(
    demo_app: CaseApp, tmp_path: Path, case: str
) -> None:
    edit, where = CASES[case]
    header, rows = _testimonies(demo_app, tmp_path)
    cell = edit(header, rows)
    path = tmp_path / "hostile.csv"
    write_rows(path, header, rows)
    before = snapshot(demo_app)
    with pytest.raises(CsvImportError) as caught:
        demo_app.import_csv("testimonies", path)
    message = str(caught.value)
    assert where in message and "row " in message, message
    _assert_not_quoted(message, cell)
    for problem in caught.value.problems:
        _assert_not_quoted(str(problem), cell)
    assert snapshot(demo_app) == before


@pytest.mark.parametrize("column", ["testimony_uid", "category", "date_start"])
def test_a_narrative_in_a_violation_column_is_not_quoted(
    demo_app: CaseApp, tmp_path: Path, column: str
) -> None:
    path = tmp_path / "violations.csv"
    demo_app.export_csv("violations", path, "internal")
    header, rows = read_back(path)
    rows = [{k: restore(v) for k, v in row.items()} for row in rows]
    rows[4][column] = NARRATIVE
    write_rows(path, header, rows)
    with pytest.raises(CsvImportError) as caught:
        demo_app.import_csv("violations", path)
    message = str(caught.value)
    assert f"row 5, column {column}" in message, message
    _assert_not_quoted(message, NARRATIVE)


def test_an_updated_row_of_a_redacted_export_does_not_name_the_uid(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    path = tmp_path / "public.csv"
    demo_app.export_csv("testimonies", path, "public")
    _header, rows = read_back(path)
    with pytest.raises(CsvImportError) as caught:
        demo_app.import_csv("testimonies", path)
    message = str(caught.value)
    assert "column export_profile" in message
    assert rows[0]["uid"] not in message
