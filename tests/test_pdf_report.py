"""The PDF coordinator report and testimony dossier, read back as a reader would: the real
PDF written from the encrypted demo database, turned into text by poppler's pdftotext.

Every test here asks for ``qapp`` first, so that pytest-qt's QApplication exists before the
export code looks for one (left alone, it would create a bare QGuiApplication, on which later
widget tests could not run).
"""

import gc
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from sqlalchemy import select

from caseapp.app import CaseApp
from caseapp.export.errors import ExportCancelled, ExportError
from caseapp.export.pdf_document import LazyDocument
from caseapp.export.pdf_report import ReportOptions, build_report
from caseapp.export.report_data import ConsentRefused, TestimonyEntry
from caseapp.models import AuditEvent, Consent, Person, Testimony
from caseapp.services.bulk import BulkWriter
from caseapp.services.listing import state_responses
from caseapp.services.profiles import Profile
from caseapp.services.record_kinds import KINDS

from .conftest import PASSPHRASE
from .test_cli import caseapp, caseapp_process, clean_env

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

DEMO = json.loads(
    (Path(__file__).resolve().parent.parent / "resources" / "demo" / "demo.json").read_text(
        encoding="utf-8"
    )
)
PSEUDONYMS = [p["pseudonym"] for p in DEMO["persons"]]
INTERVIEWERS = sorted({t["interviewer"] for t in DEMO["testimonies"]})
KOREAN_SENTENCE = "저는 평안남도 순천시의 고등중학교에서 스무 해 가까이 국어를 가르쳤습니다."
ENGLISH_SENTENCE = (
    "The interrogators wanted to know whether she had attended a church or met South Koreans "
    "in China."
)
HOSTILE_TITLE = "<b>bold</b> & <script>"


@pytest.fixture(autouse=True)
def _application(qapp):
    return qapp


def consented(scope: str) -> set[str]:
    """Codes of the demo testimonies whose consent grants ``scope`` and is not withdrawn."""
    return {
        t["code"]
        for t in DEMO["testimonies"]
        if t["consent"][scope] and not t["consent"]["date_withdrawn"]
    }


def pdf_pages(path: Path) -> list[str]:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        encoding="utf-8",
    )
    pages = result.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_page(path: Path, number: int) -> str:
    """The text of one page (pdftotext reads only that page: quick on a long report)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(path), "-"],
        capture_output=True,
        check=True,
        encoding="utf-8",
    )
    return result.stdout


def pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages(path))


def assert_phrase(text: str, phrase: str) -> None:
    """``phrase`` comes back word for word, each space a space (or the line break the layout
    put there): no word split, no space lost or added."""
    pattern = r"(?: |\n *)".join(re.escape(word) for word in phrase.split(" "))
    assert re.search(pattern, text), phrase


def has_testimony(text: str, code: str) -> bool:
    """Whether the testimony itself is in the report (its code field), not merely mentioned
    in another one's narrative ("first interview: DEMO-2019-002")."""
    return re.search(rf"^Code\s+{re.escape(code)}$", text, re.MULTILINE) is not None


def write_report(app: CaseApp, tmp_path: Path, profile: str, **options: str) -> Path:
    path = tmp_path / f"report-{profile}.pdf"
    app.report_pdf(path, profile, **options)
    return path


def last_audit_event(app: CaseApp) -> AuditEvent:
    with app.store.session() as session:
        event = session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
        return event.scalar_one()


def audit_count(app: CaseApp) -> int:
    with app.store.session() as session:
        return len(session.execute(select(AuditEvent.id)).all())


def uid_of(app: CaseApp, code: str) -> str:
    uid = state_responses.testimony_uid_by_code(app.store, code)
    assert uid is not None
    return uid


def add_testimony(app: CaseApp, code: str, title: str, narrative: str, **consent: object) -> str:
    uid = app.records.create(
        "testimony",
        {
            "code": code,
            "title": title,
            "narrative": narrative,
            "interview_date": "2024-06-01",
            "interview_date_precision": "exact",
            "status": "draft",
        },
    )
    app.records.create("consent", {"testimony_uid": uid, "internal": True, **consent})
    return uid


# -- the coordinator report -----------------------------------------------------------------


def test_internal_report_has_the_field_tables_chart_and_every_consented_testimony(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    path = write_report(demo_app, tmp_path, "internal", organisation="NK Testimony Project")
    pages = pdf_pages(path)
    text = "\n".join(pages)

    title = pages[0]
    assert "Coordinator report" in title
    assert "NK Testimony Project" in title
    assert "2015-11-04 to 2024-03-05" in title  # interview dates of the included testimonies
    assert re.search(r"Generated at\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC", title)

    # The summary tables in the shape of the seed material.
    for heading in ("Violations by category", "Regional protection status", "State responses"):
        assert heading in text
    # DEMO-2022-002 (torture, forced labour), withdrawn, is not counted.
    assert re.search(r"Forced labour\s+7\s+7\s+Thousands in camps \(4\)", text)
    assert "Investigations ongoing (6)" in text
    assert re.search(r"East Asia\s+China\s+3,200\+\s+4\s+Partial legal recognition", text)
    assert "Deceptive political provocations" in text

    # The chart: its title, axes and labels are text, not pixels.
    chart = next(p for p in pages if "Violations by category and by year" in p)
    assert "By category" in chart and "By year of the violation" in chart
    assert "Political repression" in chart and "2012" in chart

    # Every testimony but the withdrawn one, with its violations; an estimate never reads as
    # an exact date.
    for testimony in DEMO["testimonies"]:
        withdrawn = (testimony.get("consent") or {}).get("date_withdrawn")
        assert (testimony["code"] in text) is not bool(withdrawn), testimony["code"]
    assert re.search(r"c\. 1999 .*\n.*\(estimate\)", text)  # a table cell of two lines
    assert "Kim A." in text  # internal shows persons by code and pseudonym
    assert_phrase(text, KOREAN_SENTENCE)
    assert_phrase(text, ENGLISH_SENTENCE)

    # Every page names the profile and its number.
    for number, page in enumerate(pages, start=1):
        assert "Profile: internal" in page, number
        assert f"Page {number} of {len(pages)}" in page, number
        assert "Internal use only" in page


def test_the_font_is_embedded_and_korean_copies_back_with_its_spaces(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    path = write_report(demo_app, tmp_path, "public", language="ko")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:]]
    assert rows and all(
        row[0].endswith(("NotoSansCJKkr-Regular", "NotoSansCJKkr-Bold")) for row in rows
    )
    assert all("yes" in row[-5:-2] for row in rows)  # embedded
    text = pdf_text(path)
    assert "코디네이터 보고서" in text and "공개 범위: 공개용" in text
    assert_phrase(text, KOREAN_SENTENCE)
    # Digits, punctuation and ligature letters: the glyphs Noto's default features would
    # swap for ones the PDF cannot map back to characters.
    assert "2015 (연 단위)" in text
    assert_phrase(text, "1998년 4월에는 학교에 학생들을 데리고 장마당 옆 강변으로 나가라는")


def test_text_survives_a_korean_system_locale(demo_app: CaseApp, tmp_path: Path) -> None:
    """Under a Korean locale the font's Korean forms replace punctuation and spaces; the
    report must still copy back exactly."""
    before = QLocale()
    QLocale.setDefault(QLocale("ko_KR"))
    try:
        path = write_report(demo_app, tmp_path, "internal")
    finally:
        QLocale.setDefault(before)
    text = pdf_text(path)
    assert_phrase(text, KOREAN_SENTENCE)
    assert_phrase(text, "1998년 4월에는 학교에 학생들을 데리고 장마당 옆 강변으로 나가라는")
    assert "Forced return from China, interrogation in Onsong" in text
    assert "2017-03-14 (exact day)" in text
    assert "profile" in text.lower()


def test_un_report_carries_only_un_consent_and_no_pseudonym(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    text = pdf_text(write_report(demo_app, tmp_path, "un"))
    allowed = consented("un")
    assert "DEMO-2022-002" not in allowed  # withdrawn: counts as no
    for testimony in DEMO["testimonies"]:
        if testimony["code"] in allowed:
            assert has_testimony(text, testimony["code"])
        else:
            # Neither the testimony nor anything of it, not even in the summary tables.
            assert not has_testimony(text, testimony["code"])
            assert testimony["title"][:30] not in text
            for violation in testimony["violations"]:
                impact = violation["reported_impact"]
                if not any(
                    v["reported_impact"] == impact
                    for t in DEMO["testimonies"]
                    if t["code"] in allowed
                    for v in t["violations"]
                ):
                    assert impact not in text
    for pseudonym in PSEUDONYMS:
        assert pseudonym not in text
    # A pseudonym in free text is replaced by the person's code.
    with demo_app.store.session() as session:
        code = session.execute(select(Person.code).where(Person.pseudonym == "Kim A.")).scalar_one()
    assert f"[{code}] describes her arrest" in text
    assert "Profile: UN" in text


def test_public_report_withholds_people_exact_dates_and_small_counts(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    pages = pdf_pages(write_report(demo_app, tmp_path, "public"))
    text = "\n".join(pages)
    allowed = consented("public")
    for testimony in DEMO["testimonies"]:
        assert has_testimony(text, testimony["code"]) == (testimony["code"] in allowed)
        if testimony["code"] in allowed:
            assert testimony["interview_date"] not in text  # the year only
            assert testimony["interview_date"][:4] in text
    for name in PSEUDONYMS + INTERVIEWERS:
        assert name not in text
    with demo_app.store.session() as session:
        person_codes = session.execute(select(Person.code)).scalars().all()
    for code in person_codes:
        assert code not in text
    assert "[withheld] describes her arrest" in text

    # Aggregates: every count from 1 to 4 reads "<5", in the tables and in the chart.
    summary = text[text.index("Violations by category") : text.index("Regional protection")]
    summary = summary.split("\n", 2)[2]  # below the heading and its note
    counts = [int(n) for n in re.findall(r"(?<![\w<.,-])\d+(?![\w.,-])", summary)]
    assert all(n >= 5 for n in counts), counts
    assert "(<5)" in summary
    assert re.search(r"East Asia\s+China\s+3,200\+\s+<5\s+Partial legal recognition", text)
    # Every demo count is under 5 in public: the charts would say nothing and are left out,
    # with a sentence saying why (tests/test_report_pages.py reads the charts closely).
    chart = next(p for p in pages if "Violations by category and by year" in p)
    assert "Not drawn: every category has fewer than 5 violations" in chart
    assert "<5" not in chart
    assert all("Profile: public" in page for page in pages)


def test_an_empty_database_gives_a_short_report_that_says_so(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    path = tmp_path / "empty.pdf"
    result = empty_app.report_pdf(path, "public")
    text = pdf_text(path)
    assert result.records == 0
    assert "no testimonies" in text  # the period on the title page
    assert "No violations to show." in text
    assert "No testimony may be included under this profile." in text
    assert f"Page {result.pages} of {result.pages}" in text


def test_a_long_narrative_is_printed_whole(demo_app: CaseApp, tmp_path: Path) -> None:
    paragraph = f"{KOREAN_SENTENCE} {ENGLISH_SENTENCE} "
    narrative = "\n".join(paragraph * 8 for _ in range(1_000_000 // (len(paragraph) * 8)))
    uid = add_testimony(demo_app, "TEST-3", "Long", narrative + "\nTHE LAST LINE", un=True)
    path = tmp_path / "long.pdf"
    result = demo_app.dossier_pdf(uid, path, "un")
    assert result.pages > 100
    text = pdf_text(path)
    assert "THE LAST LINE" in text
    assert text.count("국어를 가르쳤습니다.") == narrative.count("국어를 가르쳤습니다.")


def test_a_withdrawn_consent_takes_a_testimony_out_of_every_profile(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    uid = uid_of(demo_app, "DEMO-2015-001")
    with demo_app.store.session() as session:
        consent_uid = session.execute(
            select(Consent.uid)
            .join(Testimony, Consent.testimony_id == Testimony.id)
            .where(Testimony.uid == uid)
        ).scalar_one()
    demo_app.records.update("consent", consent_uid, {"date_withdrawn": "2024-01-15"})
    for profile in ("internal", "un", "public"):
        text = pdf_text(write_report(demo_app, tmp_path, profile))
        assert "DEMO-2015-001" not in text
        assert "순천 고등중학교" not in text
        with pytest.raises(ConsentRefused, match=r"DEMO-2015-001.*withdrawn"):
            demo_app.dossier_pdf(uid, tmp_path / "refused.pdf", profile)
    assert not (tmp_path / "refused.pdf").exists()


def test_internal_needs_internal_consent_and_takes_a_testimony_without_a_record(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    un_only = demo_app.records.create(
        "testimony", {"code": "TEST-UN-ONLY", "title": "Shared with the UN, not internally"}
    )
    demo_app.records.create(
        "consent", {"testimony_uid": un_only, "internal": False, "un": True, "public": False}
    )
    unrecorded = demo_app.records.create(
        "testimony", {"code": "TEST-NO-CONSENT", "title": "No consent recorded yet"}
    )
    text = pdf_text(write_report(demo_app, tmp_path, "internal"))
    assert "TEST-UN-ONLY" not in text and "TEST-NO-CONSENT" in text
    with pytest.raises(
        ConsentRefused,
        match=r"TEST-UN-ONLY may not leave under the internal profile: "
        r"its source did not consent to internal use",
    ):
        demo_app.dossier_pdf(un_only, tmp_path / "refused.pdf", "internal")
    assert not (tmp_path / "refused.pdf").exists()
    demo_app.dossier_pdf(unrecorded, tmp_path / "unrecorded.pdf", "internal")
    assert "TEST-NO-CONSENT" in pdf_text(tmp_path / "unrecorded.pdf")


def test_record_text_is_printed_as_text_never_as_markup(demo_app: CaseApp, tmp_path: Path) -> None:
    narrative = "Line one <i>not italic</i> &amp; <table><tr><td>x</td></tr></table>\nLine  two"
    uid = add_testimony(demo_app, "TEST-1", HOSTILE_TITLE, narrative, un=True, public=True)
    text = pdf_text(write_report(demo_app, tmp_path, "public"))
    assert HOSTILE_TITLE in text
    assert "Line one <i>not italic</i> &amp; <table><tr><td>x</td></tr></table>" in text
    assert "Line two" in text
    dossier = tmp_path / "dossier.pdf"
    demo_app.dossier_pdf(uid, dossier, "public")
    assert HOSTILE_TITLE in pdf_text(dossier)


def test_a_long_table_repeats_its_header_on_every_page(demo_app: CaseApp, tmp_path: Path) -> None:
    uid = add_testimony(demo_app, "TEST-2", "Many violations", "Short.", un=True)
    for day in range(1, 61):
        demo_app.records.create(
            "violation",
            {
                "testimony_uid": uid,
                "category": "forced_labour",
                "date_start": f"2010-03-{day % 28 + 1:02d}",
                "date_precision": "exact",
                "reported_impact": f"Impact number {day}",
            },
        )
    path = tmp_path / "dossier-un.pdf"
    demo_app.report_pdf(path, "un")
    pages = [
        p for p in pdf_pages(path) if "Impact number" in p and "Violations by category" not in p
    ]
    assert len(pages) >= 2
    for page in pages:
        lines = [line for line in page.splitlines() if line.strip()]
        header = next(i for i, line in enumerate(lines) if "Reported impact" in line)
        first_row = next(i for i, line in enumerate(lines) if "Impact number" in line)
        assert header < first_row
        assert re.search(r"Violation category\s+Date\s+Place\s+Perpetrator", lines[header])


def test_report_is_written_atomically_owner_only_and_audited(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    path = target / "report.pdf"
    path.write_bytes(b"an older report")
    result = demo_app.report_pdf(path, "un")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert [p.name for p in target.iterdir()] == ["report.pdf"]  # no temporary file left
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    digest = hashlib.sha256(data).hexdigest()
    assert result.sha256 == digest and result.records == len(consented("un"))

    event = last_audit_event(demo_app)
    assert event.action == "export"
    changes = json.loads(event.changes)
    assert changes["format"] == "pdf" and changes["kind"] == "report"
    assert changes["profile"] == "un"
    assert changes["records"] == len(consented("un"))
    assert changes["sha256"] == digest
    assert demo_app.verify() == []


def test_a_report_that_cannot_be_written_writes_and_audits_nothing(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = audit_count(demo_app)
    with pytest.raises(ExportError, match="does not exist"):
        demo_app.report_pdf(out / "missing" / "report.pdf", "public")
    with pytest.raises(ExportError, match="is a folder"):
        demo_app.report_pdf(out, "public")
    assert audit_count(demo_app) == before
    assert list(out.iterdir()) == []


def test_progress_can_cancel_and_nothing_is_written(demo_app: CaseApp, tmp_path: Path) -> None:
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 60

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportCancelled, match="cancelled"):
        demo_app.report_pdf(out / "r.pdf", "internal", progress=progress)
    assert seen and max(seen) >= 60
    assert list(out.iterdir()) == []


def test_the_bar_moves_while_the_totals_are_added_up(
    demo_app: CaseApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first pass (the totals, about 20 s at 100,000 testimonies) moves the bar from 0
    towards its share in proportion to the testimonies read, before a page is laid out; the
    pages take it on to 100, never back."""
    from caseapp.export import pdf_report

    seen: list[int] = []
    before_pages: list[int] = []
    write_pdf = pdf_report.write_pdf

    def watched(*args: object, **kwargs: object) -> int:
        before_pages.extend(seen)
        return write_pdf(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_report, "write_pdf", watched)

    def progress(done: int, total: int) -> bool:
        assert total == 100
        seen.append(done)
        return True

    _, _, data = build_report(
        demo_app.store, demo_app.vocabulary, ReportOptions(Profile.INTERNAL), progress, 1
    )
    assert data.testimony_count > 4
    steps = sorted(set(before_pages))
    assert steps[0] == 0 and len(steps) >= 4, steps  # a step for every few testimonies
    assert max(steps) <= pdf_report.TOTALS_SHARE
    assert seen == sorted(seen) and seen[-1] == 100


def test_a_cancel_is_heard_while_the_totals_are_added_up(
    demo_app: CaseApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first pass reads every testimony to add up the totals (about 20 s at 100,000):
    a cancel there ends the report before a page is laid out, and leaves no file."""
    from caseapp.export import pdf_report

    laid_out: list[bool] = []
    write_pdf = pdf_report.write_pdf

    def watched(*args: object, **kwargs: object) -> int:
        laid_out.append(True)
        return write_pdf(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_report, "write_pdf", watched)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportCancelled, match="cancelled"):
        demo_app.report_pdf(out / "r.pdf", "internal", progress=lambda done, total: False)
    assert laid_out == []
    assert list(out.iterdir()) == []


def test_repeated_reports_keep_none_alive(demo_app: CaseApp) -> None:
    """PySide6 6.12 loses a reference to None on each Qt call that returns nothing; the
    export gives them back (on Python 3.11 the interpreter would otherwise abort)."""
    build_report(demo_app.store, demo_app.vocabulary, ReportOptions(vault=demo_app.vault))
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(3):
        build_report(demo_app.store, demo_app.vocabulary, ReportOptions(Profile.INTERNAL))
    gc.collect()
    assert sys.getrefcount(None) >= before - 20


# -- the dossier ----------------------------------------------------------------------------


def test_dossier_shows_every_permitted_field_consent_violations_and_attachments(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    uid = uid_of(demo_app, "DEMO-2017-001")
    scan = "스캔 본 (Kim A.) 1쪽.jpg".encode()
    demo_app.attachments.add_bytes(uid, "interview-notes.txt", b"notes " * 1000, "text/plain")
    demo_app.attachments.add_bytes(uid, "스캔 Kim A. 1쪽.jpg", scan, "image/jpeg")

    internal = tmp_path / "internal.pdf"
    demo_app.dossier_pdf(uid, internal, "internal")
    text = pdf_text(internal)
    for expected in (
        "Testimony dossier · DEMO-2017-001",
        "Forced return from China, interrogation in Onsong",
        "2017-03-14 (exact day)",
        "Seoul",
        "Interviewer A",
        "Kim A.",
        "Consent",
        "internal use, sharing with UN mechanisms, anonymised publication",
        "Violation 1 of 3: Forced repatriation (refoulement)",
        "OHCHR-SEO/DEMO/2017/014",
        "Handed over to DPRK border guards",
        "interview-notes.txt",
        "5.9 KB",
        hashlib.sha256(b"notes " * 1000).hexdigest(),
        hashlib.sha256(scan).hexdigest(),
        "Deceptive political provocations",  # a linked state response
        "Page 1 of",
        "Profile: internal",
    ):
        assert expected in text, expected
    assert_phrase(text, ENGLISH_SENTENCE)

    public = tmp_path / "public.pdf"
    demo_app.dossier_pdf(uid, public, "public")
    text = pdf_text(public)
    assert "DEMO-2017-001" in text and "2017 (year)" in text
    for hidden in ("Kim A.", "Interviewer", "Interview place", "interview-notes.txt", "2017-03-14"):
        assert hidden not in text, hidden
    assert hashlib.sha256(scan).hexdigest() in text  # the hash proves custody, names nothing


def test_dossier_is_refused_when_the_consent_does_not_allow_the_profile(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = audit_count(demo_app)
    uid = uid_of(demo_app, "DEMO-2018-001")  # internal consent only
    for profile in ("un", "public"):
        with pytest.raises(
            ConsentRefused, match=f"DEMO-2018-001 may not leave under the {profile}"
        ):
            demo_app.dossier_pdf(uid, out / "d.pdf", profile)
    assert list(out.iterdir()) == []
    assert audit_count(demo_app) == before
    demo_app.dossier_pdf(uid, out / "d.pdf", "internal")
    assert json.loads(last_audit_event(demo_app).changes)["kind"] == "dossier"


# -- the command line -----------------------------------------------------------------------


@pytest.fixture
def cli_env(demo_app: CaseApp, tmp_path: Path) -> dict[str, str | None]:
    """The demo database (at ``db_path``) for ``caseapp``, with no display of any kind."""
    env = clean_env(tmp_path / "cli", passphrase=PASSPHRASE)
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        env[name] = None
    return env


def test_cli_report_defaults_to_public(
    cli_env: dict[str, str | None], db_path: Path, tmp_path: Path
) -> None:
    # A real process: in this one a QApplication already exists, and the command line must
    # start its own Qt with no display and no QT_QPA_PLATFORM.
    out = tmp_path / "report.pdf"
    result = caseapp_process("--db", db_path, "report", "-o", out, env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "profile public" in result.stdout
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest in result.stdout
    text = pdf_text(out)
    assert "Profile: public" in text
    assert "Kim A." not in text

    out = tmp_path / "report-ko.pdf"
    result = caseapp(
        "--db", db_path, "report", "-o", out, "--profile", "un", "--language", "ko",
        "--organisation", "북한인권 기록 단체", env=cli_env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert "북한인권 기록 단체" in text and "공개 범위: 유엔 제출용" in text


def test_cli_dossier(cli_env: dict[str, str | None], db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "dossier.pdf"
    result = caseapp("--db", db_path, "dossier", "DEMO-2019-001", "-o", out, env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "DEMO-2019-001" in pdf_text(out)

    refused = caseapp(
        "--db", db_path, "dossier", "DEMO-2018-001", "-o", tmp_path / "no.pdf", "--profile", "un",
        env=cli_env,
    )  # fmt: skip
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "caseapp: error: testimony DEMO-2018-001 may not leave under the un profile: "
        "its source did not consent to sharing with UN mechanisms"
    )
    missing = caseapp("--db", db_path, "dossier", "NOPE-1", "-o", tmp_path / "no.pdf", env=cli_env)
    assert missing.returncode == 1 and "no testimony has the code NOPE-1" in missing.stderr
    assert not (tmp_path / "no.pdf").exists()


# -- size ---------------------------------------------------------------------------------


def add_copies(app: CaseApp, count: int) -> None:
    """``count`` testimonies copied from the demo (narratives, consents, violations) through
    the bulk path."""
    with app.store.session() as session:
        writer = BulkWriter(session, app.validator, app.audit)
        sources = [DEMO["testimonies"][i % len(DEMO["testimonies"])] for i in range(count)]
        skip = {"key", "source", "consent", "violations"}
        rows = [
            {**{k: v for k, v in t.items() if k not in skip}, "code": f"BULK-{i:05d}"}
            for i, t in enumerate(sources)
        ]
        uids = writer.insert(KINDS["testimony"], rows)
        writer.insert(
            KINDS["consent"],
            [{**t["consent"], "testimony_uid": uid} for t, uid in zip(sources, uids, strict=True)],
        )
        writer.insert(
            KINDS["violation"],
            [
                {**{k: x for k, x in v.items() if k != "victim"}, "testimony_uid": uid}
                for t, uid in zip(sources, uids, strict=True)
                for v in t["violations"]
            ],
        )


def test_a_report_of_1000_testimonies_is_whole_and_of_a_reasonable_size(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    """How long it takes is for the benchmarks (caseapp/benchmarks) to say, not this test."""
    add_copies(demo_app, 1000)
    result = demo_app.report_pdf(tmp_path / "big.pdf", "internal")
    sources = [DEMO["testimonies"][i % len(DEMO["testimonies"])] for i in range(1000)]
    withdrawn = sum(1 for t in [*DEMO["testimonies"], *sources] if t["consent"]["date_withdrawn"])
    assert withdrawn > 0  # a withdrawn testimony stays home, even internally
    assert result.records == 1000 + len(DEMO["testimonies"]) - withdrawn
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "big.pdf")], capture_output=True, check=True, encoding="utf-8"
    ).stdout
    assert re.search(rf"^Pages: +{result.pages}$", info, re.MULTILINE), info
    last = pdf_page(tmp_path / "big.pdf", result.pages)
    assert f"Page {result.pages} of {result.pages}" in last
    assert os.path.getsize(tmp_path / "big.pdf") < 20 * 2**20


def test_a_report_holds_one_chunk_of_testimonies_at_a_time(demo_app: CaseApp) -> None:
    """A report of the whole archive streams: while its pages are counted and painted, no
    more testimonies (nor chunks of their layout) are alive than one chunk holds, however
    many the archive has. Counted, not timed: the memory itself is for the benchmarks."""
    add_copies(demo_app, 30)
    chunk = 4

    def held() -> tuple[int, int]:
        objects = gc.get_objects()
        return (
            sum(isinstance(o, TestimonyEntry) for o in objects),
            sum(isinstance(o, LazyDocument) for o in objects),
        )

    gc.collect()
    before = held()  # whatever earlier tests left behind is not this report's
    most = [0, 0]
    checked: set[int] = set()

    def progress(done: int, total: int) -> bool:
        if done not in checked:  # once a percent: each look walks every object
            checked.add(done)
            for kind, count in enumerate(held()):
                most[kind] = max(most[kind], count - before[kind])
        return True

    _, pages, data = build_report(
        demo_app.store, demo_app.vocabulary, ReportOptions(Profile.INTERNAL), progress, chunk
    )
    assert data.testimony_count > 6 * chunk
    assert pages > data.testimony_count  # each on a page of its own, and the front
    assert len(checked) > 20
    entries, chunks = most
    assert 0 < entries <= chunk
    assert chunks == 1


@pytest.mark.both_engines
def test_a_testimony_saved_while_the_report_is_made_is_not_half_in_it(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    """The report reads the archive three times (totals, counting pages, painting them);
    a testimony saved meanwhile is in none of them, on either engine, and the report says
    as many testimonies as it shows."""
    for code in ("TEST-A", "TEST-B", "TEST-C"):
        add_testimony(empty_app, code, f"Title {code}", "n")
    saved: list[str] = []

    def progress(done: int, total: int) -> bool:
        if not saved:  # while the pages are counted
            saved.append(add_testimony(empty_app, "TEST-LATE", "Saved meanwhile", "n"))
        return True

    pdf, _, data = build_report(
        empty_app.store, empty_app.vocabulary, ReportOptions(Profile.INTERNAL), progress, 1
    )
    assert saved
    (tmp_path / "r.pdf").write_bytes(pdf)
    text = pdf_text(tmp_path / "r.pdf")
    assert data.testimony_count == 3
    assert "Testimonies (3)" in text
    assert [c for c in ("TEST-A", "TEST-B", "TEST-C", "TEST-LATE") if has_testimony(text, c)] == [
        "TEST-A",
        "TEST-B",
        "TEST-C",
    ]


@pytest.mark.both_engines
def test_undated_testimonies_violations_and_responses_come_first(empty_app: CaseApp) -> None:
    """Empty dates sort first, as the lists sort them, on either engine (PostgreSQL's own
    order puts them last)."""
    from caseapp.export.report_data import ReportReader
    from caseapp.services.profiles import Profile

    dated = add_testimony(empty_app, "TEST-DATED", "Dated", "n")
    undated = empty_app.records.create(
        "testimony", {"code": "TEST-UNDATED", "title": "Undated", "status": "draft"}
    )
    empty_app.records.create("consent", {"testimony_uid": undated, "internal": True})
    for start in ("2019-03-01", None):
        empty_app.records.create(
            "violation", {"testimony_uid": dated, "category": "torture", "date_start": start}
        )
    for when in ("2020-01-01", None):
        empty_app.records.create(
            "state_response", {"aspect": "a", "position": "p", "statement_date": when}
        )
    with empty_app.store.session() as session:
        reader = ReportReader(session, empty_app.vocabulary, Profile.INTERNAL, batch=1)
        data = reader.totals()
        entries = [entry for batch in reader.batches() for entry in batch]
    assert [entry.fields["code"] for entry in entries] == ["TEST-UNDATED", "TEST-DATED"]
    violations = entries[1].violations
    assert [v["date_start"] for v in violations] == [None, "2019-03-01"]
    assert [r["statement_date"] for r in data.responses] == [None, "2020-01-01"]
