"""Issue 12, item 2: names leave neither a ``un`` nor a ``public`` CSV or PDF file, whatever
their case, by parts, with Korean particles attached, and the identity vault's real names
too; ``internal`` keeps the text as typed."""

import csv
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from caseapp.app import CaseApp
from caseapp.models import Testimony
from caseapp.services.profiles import NameIndex, replace_names

NARRATIVE = (
    "kim chol-su said that Chol-su and KIM were held with 리영희. 리영희는 울었고 영희가 "
    "말했다. Pak Yong-su, 박영수는 the source's real name; yong-su too. A cousin, 최순옥이 "
    "was also there (Choe Sun-ok). 김철수씨의 증언. The kimchi was cold; Kimberly is not a "
    "name here."
)
NAMES = [
    "kim chol-su", "Chol-su", "KIM", "리영희", "영희", "Pak Yong-su", "박영수", "yong-su",
    "최순옥", "순옥", "Choe Sun-ok", "김철수", "철수",
]  # fmt: skip
KEPT = ["kimchi", "Kimberly", "울었고", "말했다", "증언"]


@pytest.fixture
def named_case(empty_app: CaseApp) -> CaseApp:
    records = empty_app.records
    source = records.create("person", {"code": "P-SRC", "pseudonym": "Kim Chol-su"})
    victim = records.create("person", {"code": "P-VIC", "pseudonym": "리영희"})
    other = records.create("person", {"code": "P-OTH", "pseudonym": "김철수"})
    cousin = records.create("person", {"code": "P-COU", "pseudonym": "Cousin"})
    records.create("identity", {"person_uid": source, "real_name": "Pak Yong-su"})
    records.create("identity", {"person_uid": victim, "real_name": "박영수"})
    records.create("identity", {"person_uid": cousin, "real_name": "최순옥"})
    records.create("identity", {"person_uid": other, "real_name": "Choe Sun-ok"})
    testimony = records.create(
        "testimony",
        {
            "code": "T-NAMES",
            "title": "Kim Chol-su and 리영희",
            "summary": "kim chol-su, 리영희는",
            "narrative": NARRATIVE,
            "interview_date": "2021-05",
            "interview_date_precision": "month",
            "interview_place": "at kim chol-su's cousin's house near Musan",
            "language": "ko",
            "source_uid": source,
            "status": "reviewed",
        },
    )
    records.create(
        "consent",
        {"testimony_uid": testimony, "internal": True, "un": True, "public": True,
         "date_given": "2021-05"},
    )  # fmt: skip
    records.create(
        "violation",
        {"testimony_uid": testimony, "victim_uid": victim, "category": "arbitrary_detention",
         "date_precision": "unknown", "reported_impact": "영희가 다쳤다; chol-su too"},
    )  # fmt: skip
    records.create(
        "violation",
        {"testimony_uid": testimony, "victim_uid": other, "category": "arbitrary_detention",
         "date_precision": "unknown"},
    )  # fmt: skip
    return empty_app


def _assert_no_names(text: str) -> None:
    flat = re.sub(r"\s+", " ", text)
    for name in NAMES:
        pattern = name if not name.isascii() else rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])"
        assert not re.search(pattern, flat, re.IGNORECASE), (name, flat[:2000])


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, encoding="utf-8"
    ).stdout


@pytest.mark.parametrize("profile", ["un", "public"])
def test_no_variant_of_a_name_reaches_csv(
    named_case: CaseApp, tmp_path: Path, profile: str
) -> None:
    text = ""
    for kind in ("testimonies", "violations"):
        path = tmp_path / f"{kind}.csv"
        named_case.export_csv(kind, path, profile)
        text += path.read_text(encoding="utf-8-sig")
    assert "T-NAMES" in text
    _assert_no_names(text)
    for word in KEPT:
        assert word in text, word
    if profile == "un":
        assert "[P-SRC]" in text and "[P-VIC]" in text
    else:
        assert "[P-" not in text and "[withheld]" in text


@pytest.mark.parametrize("profile", ["un", "public"])
def test_no_variant_of_a_name_reaches_the_pdf(
    qapp, named_case: CaseApp, tmp_path: Path, profile: str
) -> None:
    """``qapp`` first: pytest-qt's QApplication must exist before the PDF code makes one."""
    report = tmp_path / "report.pdf"
    named_case.report_pdf(report, profile)
    text = _pdf_text(report)
    assert "T-NAMES" in text
    _assert_no_names(text)
    dossier = tmp_path / "dossier.pdf"
    _dossier(named_case, dossier, profile)
    _assert_no_names(_pdf_text(dossier))


def _dossier(app: CaseApp, path: Path, profile: str) -> None:
    with app.store.session() as session:
        uid = session.execute(select(Testimony.uid).where(Testimony.code == "T-NAMES")).scalar_one()
    app.dossier_pdf(uid, path, profile)


def test_internal_keeps_the_text_as_typed(named_case: CaseApp, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    named_case.export_csv("testimonies", path, "internal")
    assert "kim chol-su said that Chol-su" in path.read_text(encoding="utf-8-sig")


def test_descriptive_pseudonyms_go_whole_and_leave_ordinary_words() -> None:
    names = {"Mother of three": "[w]", "신원 미상 남성 (순천)": "[w]", "Kim A.": "[w]"}
    text = "The mother of three lived in 순천시; 신원 미상 남성 (순천) came. KIM a. and kim went."
    assert replace_names(text, names) == ("The [w] lived in 순천시; [w] came. [w] and [w] went.")
    assert not NameIndex({})


@pytest.mark.both_engines
@pytest.mark.parametrize("profile", ["un", "public"])
def test_each_testimony_keeps_its_own_victims_across_batches(
    empty_app: CaseApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile: str
) -> None:
    """The victims are read a batch of rows at a time (an export of the whole archive holds
    one batch of them): with batches of two, every testimony and violation still has its own
    victims' pseudonyms taken out, and only those (a name is withheld where it belongs to
    the testimony's people, not wherever it appears)."""
    from caseapp.export import csv_export

    monkeypatch.setattr(csv_export, "FETCH_BATCH", 2)
    records = empty_app.records
    pseudonyms = ["Ri Myong-hui", "한순복", "Jang Song-il", "김옥련", "Pak Chun-hwa", "윤정숙"]
    for n, pseudonym in enumerate(pseudonyms):
        victim = records.create("person", {"code": f"P-V{n}", "pseudonym": pseudonym})
        neighbour = pseudonyms[(n + 1) % len(pseudonyms)]
        testimony = records.create(
            "testimony",
            {"code": f"T-{n}", "title": f"Testimony {n}", "language": "ko",
             "summary": f"{pseudonym}는 보위부에 끌려갔다. {neighbour} was not there.",
             "status": "reviewed"},
        )  # fmt: skip
        if n != 2:  # T-2 stays in: no consent recorded never leaves as un/public
            records.create(
                "consent",
                {"testimony_uid": testimony, "internal": True, "un": True, "public": True,
                 "date_given": "2024-01"},
            )  # fmt: skip
        for _ in range(3 if n % 2 else 1):
            records.create(
                "violation",
                {"testimony_uid": testimony, "victim_uid": victim,
                 "category": "arbitrary_detention", "date_precision": "unknown",
                 "reported_impact": f"{pseudonym} lost weight; {neighbour} heard it"},
            )  # fmt: skip
    rows = {}
    for kind in ("testimonies", "violations"):
        path = tmp_path / f"{kind}.csv"
        empty_app.export_csv(kind, path, profile)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows[kind] = list(csv.DictReader(handle))
    withheld = {n: f"[P-V{n}]" if profile == "un" else "[withheld]" for n in range(6)}
    shown = sorted(row["code"] for row in rows["testimonies"])
    assert shown == ["T-0", "T-1", "T-3", "T-4", "T-5"]
    for row in rows["testimonies"]:
        n = int(row["code"][2:])
        neighbour = pseudonyms[(n + 1) % len(pseudonyms)]
        assert row["summary"] == f"{withheld[n]}는 보위부에 끌려갔다. {neighbour} was not there."
    number = {row["uid"]: int(row["code"][2:]) for row in rows["testimonies"]}
    assert sorted(number[row["testimony_uid"]] for row in rows["violations"]) == [
        0, 1, 1, 1, 3, 3, 3, 4, 5, 5, 5,
    ]  # fmt: skip
    for row in rows["violations"]:
        n = number[row["testimony_uid"]]
        neighbour = pseudonyms[(n + 1) % len(pseudonyms)]
        assert row["reported_impact"] == f"{withheld[n]} lost weight; {neighbour} heard it"
