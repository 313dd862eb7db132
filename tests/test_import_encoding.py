"""Issue 12, item 6a: a CSV file whose Korean was encoded twice (UTF-8 read as Latin-1 or
Windows-1252 and saved again as UTF-8) is refused, naming the row and the column; Latin text
with accents is still accepted."""

from pathlib import Path

import pytest

from caseapp.app import CaseApp
from caseapp.services.csv_import import CsvImportError

from .test_csv_export_import import snapshot, write_rows
from .test_import_messages import _testimonies

KOREAN = "김철수는 2019년 겨울 회령 근처 집결소에서 구타를 당했다고 진술했다."


def _as_windows_1252(text: str) -> str:
    """What a spreadsheet on Windows shows for UTF-8 it takes for Windows-1252 (the five
    undefined bytes come through as C1 controls)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def _as_latin_1(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


@pytest.mark.parametrize("garble", [_as_windows_1252, _as_latin_1])
@pytest.mark.parametrize("column", ["narrative", "title", "source_pseudonym"])
def test_double_encoded_korean_is_refused_naming_row_and_column(
    demo_app: CaseApp, tmp_path: Path, garble, column: str
) -> None:
    header, rows = _testimonies(demo_app, tmp_path)
    rows[3][column] = garble(KOREAN if column != "source_pseudonym" else "김철수")
    path = tmp_path / "garbled.csv"
    write_rows(path, header, rows)
    before = snapshot(demo_app)
    with pytest.raises(CsvImportError) as caught:
        demo_app.import_csv("testimonies", path)
    message = str(caught.value)
    assert f"row 4, column {column}: holds Korean that was encoded twice" in message, message
    assert "\n" not in message
    assert snapshot(demo_app) == before


def test_a_whole_file_saved_twice_is_refused_at_its_first_korean_cell(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    path = tmp_path / "testimonies.csv"
    demo_app.export_csv("testimonies", path, "internal")
    text = path.read_bytes().decode("utf-8-sig")
    path.write_bytes(b"\xef\xbb\xbf" + _as_windows_1252(text).encode("utf-8"))
    with pytest.raises(CsvImportError) as caught:
        demo_app.import_csv("testimonies", path)
    assert "encoded twice" in str(caught.value)
    assert "row " in str(caught.value) and "column " in str(caught.value)


LATIN = [
    "Hoeryŏng, Onsŏng and Musan",
    "François Müller, Søren Ødegård, José Peña",
    "Straße in Köln; « café » — naïve façade",
    "perché “sì”… café”… Noël’s déjà-vu ©®±¼",
    "Ãšltimo: ÀÉÎÕÜ àéîõü ñ ç",
]


@pytest.mark.parametrize("text", LATIN)
def test_latin_text_with_accents_is_accepted(empty_app: CaseApp, tmp_path: Path, text: str) -> None:
    header = [
        "uid", "code", "title", "summary", "narrative", "interview_date",
        "interview_date_precision", "interview_place", "interviewer", "language", "source_code",
        "source_pseudonym", "reliability", "status", "consent_internal", "consent_un",
        "consent_public", "consent_date", "consent_withdrawn_date",
    ]  # fmt: skip
    row = {name: "" for name in header}
    row.update(code="LAT-1", title=text, narrative=text, language="fr", status="draft")
    row.update(interview_place=text, reliability="likely_reliable")
    path = tmp_path / "latin.csv"
    write_rows(path, header, [row])
    assert empty_app.import_csv("testimonies", path).created == 1
