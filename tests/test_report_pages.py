"""The report's pages as a reader turns them: no page holds only the tail of a table row, a
table continued on a new page repeats its header there, and a chart never draws a count the
profile withholds as a value.

Real reports (public, UN, internal; English and Korean) of the demo archive and of an archive
of long violation rows in Korean and English, read back one page at a time with poppler's
``pdftotext -layout``. Every test asks for ``qapp`` first (see tests/test_pdf_report.py).
"""

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from caseapp.app import CaseApp
from caseapp.export.pdf_text import Words

from .conftest import PASSPHRASE
from .test_cli import caseapp, clean_env

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

PROFILES = ("public", "un", "internal")
LANGUAGES = ("en", "ko")

# Sentences of the long rows: what sources report, in their language.
ENGLISH = [
    "Held for eleven days in a cell too small to lie down in, with one bowl of corn gruel a day.",
    "Beaten with a wooden stick on the back and legs during night interrogations until she "
    "signed a confession she had not been allowed to read.",
    "Lost most of the hearing in the left ear after repeated blows to the head; no medical "
    "care was given in detention.",
    "Her two children were left alone at home for three weeks and were later sent to "
    "relatives in another county.",
    "Made to stand facing the wall from dawn until the evening roll call, and punished when "
    "she moved.",
    "Transferred without notice to a labour training camp where detainees carried stones for "
    "a dam on the river.",
    "Family members were questioned at their workplaces and lost their assigned housing after "
    "the arrest.",
    "He still has nightmares and chronic pain in both knees from kneeling for hours.",
]
KOREAN = [
    "밤마다 이어진 심문에서 각목으로 등과 다리를 맞았고, 읽어 보지도 못한 자술서에 서명할 "
    "때까지 잠을 재우지 않았습니다.",
    "구류장 감방은 누울 수도 없을 만큼 좁았고, 하루에 강냉이죽 한 그릇이 전부였습니다.",
    "머리를 여러 번 맞은 뒤로 왼쪽 귀가 잘 들리지 않지만, 구금 중에는 아무런 치료도 받지 "
    "못했습니다.",
    "두 아이는 삼 주 동안 집에 남겨졌다가 다른 군에 사는 친척에게 보내졌습니다.",
    "새벽부터 저녁 점호까지 벽을 보고 서 있어야 했고, 조금이라도 움직이면 벌을 받았습니다.",
    "예고 없이 노동단련대로 옮겨져 강에 쌓는 언제 공사에 쓸 돌을 날랐습니다.",
    "체포 뒤 가족들은 직장에서 조사를 받았고 배정받은 집에서도 쫓겨났습니다.",
    "지금도 몇 시간씩 무릎을 꿇고 앉아 있던 탓에 무릎 통증과 악몽에 시달립니다.",
]
PLACES = [
    ("north_hamgyong", "회령시 전거리 교화소 부근 채석장, 강 건너 중국 쪽에서도 보이는 곳"),
    ("north_hamgyong", "Onsong county State Security detention centre, interrogation rooms"),
    ("ryanggang", "혜산시 보위부 구류장 지하 감방"),
    ("south_hamgyong", "Hamhung labour training camp, brick yard behind the main building"),
    ("jilin", "Tumen border detention centre run by the Chinese public security bureau"),
]
# Category of each violation: torture and forced labour often (shown as counts even in
# public), the rest now and then (withheld there).
CATEGORIES = ["torture", "forced_labour", "torture", "political_repression", "forced_labour"]
# ... and a few rows of categories seen fewer than 5 times (withheld in public).
RARE_ROWS = {
    (1, 3): "public_execution",
    (2, 5): "refoulement",
    (4, 2): "collective_punishment",
    (6, 4): "public_execution",
    (7, 1): "refoulement",
}
RARE = sorted(set(RARE_ROWS.values()))
TESTIMONIES = 8
VIOLATIONS = 6
HUGE = "T05V3"  # the one row taller than a page: split, its header repeated


def row_id(t: int, v: int) -> str:
    return f"T{t:02d}V{v}"  # no hyphen: a line may break after one


def impact(t: int, v: int) -> str:
    """A long reported impact, in the testimony's language, that names its row at both ends
    (its first line and its last): 2 to 9 sentences, a whole page and more for ``HUGE``."""
    sentences = KOREAN if t % 2 else ENGLISH
    count = 38 if row_id(t, v) == HUGE else 2 + (t * 3 + v * 5) % 8
    body = " ".join(sentences[(t + v + i) % len(sentences)] for i in range(count))
    return f"{row_id(t, v)}: {body} ({row_id(t, v)})"


def add_long_rows(app: CaseApp) -> list[str]:
    """Testimonies with long violation rows, every consent given; the row ids."""
    ids = []
    for t in range(1, TESTIMONIES + 1):
        korean = bool(t % 2)
        uid = app.records.create(
            "testimony",
            {
                "code": f"LONG-{t:02d}",
                "title": (
                    f"회령과 온성에서의 구금과 강제노동 (증언 {t})"
                    if korean
                    else f"Detention and forced labour in Hoeryong and Onsong (testimony {t})"
                ),
                "summary": " ".join((KOREAN if korean else ENGLISH)[:3]),
                "interview_date": f"2020-{t:02d}-15",
                "interview_date_precision": "exact",
                "language": "ko" if korean else "en",
                "status": "reviewed",
            },
        )
        app.records.create(
            "consent", {"testimony_uid": uid, "internal": True, "un": True, "public": True}
        )
        for v in range(1, VIOLATIONS + 1):
            category = RARE_ROWS.get((t, v), CATEGORIES[(t + v) % len(CATEGORIES)])
            province, place = PLACES[(t * v) % len(PLACES)]
            year = 2009 if v % 2 else 2000 + (t + v) % 12
            app.records.create(
                "violation",
                {
                    "testimony_uid": uid,
                    "category": category,
                    "date_start": f"{year}-{v:02d}-{t + 10:02d}",
                    "date_precision": "exact",
                    "province": province,
                    "place": place,
                    "perpetrator": "mss",
                    "reported_impact": impact(t, v),
                    "un_mechanism": "ohchr_seoul",
                    "un_submission_date": "2021-05-03",
                    "un_reference": f"OHCHR-SEO/2021/{t:02d}{v}",
                    "un_response_status": "submitted",
                },
            )
            ids.append(row_id(t, v))
    return ids


@pytest.fixture(autouse=True)
def _application(qapp):
    return qapp


@pytest.fixture
def long_rows(empty_app: CaseApp) -> tuple[CaseApp, list[str]]:
    return empty_app, add_long_rows(empty_app)


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    match = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE)
    assert match
    return int(match.group(1))


def pages_of(path: Path) -> Iterator[tuple[int, str]]:
    """Each page's text, read one page at a time (``pdftotext -f N -l N``)."""
    for number in range(1, page_count(path) + 1):
        result = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            check=True,
            encoding="utf-8",
        )
        yield number, result.stdout


def report(app: CaseApp, folder: Path, profile: str, language: str) -> Path:
    path = folder / f"report-{profile}-{language}.pdf"
    app.report_pdf(path, profile, language=language)
    return path


def header_pattern(words: Words) -> re.Pattern[str]:
    """The header row of a table whose rows start with a violation category, as pdftotext
    lays it out: the violations of a testimony, or the summary by category."""
    category, date, count = (words.get(k) for k in ("col_category", "col_date", "col_violations"))
    return re.compile(rf"^\s*{re.escape(category)}\s+({re.escape(date)}|{re.escape(count)})\s")


WARNINGS = {Words(language).get("profile_note_internal") for language in LANGUAGES}


def content_lines(page: str) -> list[str]:
    """The page's lines between its running header (and the internal profile's warning
    under it) and its footer."""
    lines = [line for line in page.splitlines() if line.strip()]
    return [line for line in lines[1:-1] if line.strip() not in WARNINGS]


def check_rows_and_headers(path: Path, words: Words, categories: set[str]) -> tuple[int, list[int]]:
    """Checks that every page showing rows of a table of violations (or of the summary by
    category) shows the table's header above them. Returns the number of pages on which
    a table continues from the page before (its header repeated at the top), and the pages
    whose first row under a header is the rest of a row from the page before (its first
    line does not start with a category at the left edge)."""
    header = header_pattern(words)
    # A row's first line starts with its category at the left edge (its first words: the
    # column is narrow and wraps longer names), then the next column; the rest of a row
    # starts with blanks, or with the wrapped end of a category name.
    prefixes = sorted(
        {" ".join(c.split()[:n]) for c in categories for n in range(1, len(c.split()) + 1)},
        key=len,
        reverse=True,
    )
    starts_row = re.compile(r"^(" + "|".join(map(re.escape, prefixes)) + r")(\s{2,}|$)")
    continued = 0
    tails = []
    for number, page in pages_of(path):
        if words.get("chart_title") in page:
            continue  # bars, not rows
        lines = content_lines(page)
        for index, line in enumerate(lines):
            if header.match(line):
                assert index + 1 < len(lines), f"page {number}: a header with no row under it"
                if not starts_row.match(lines[index + 1]):
                    tails.append(number)
        row_lines = [i for i, line in enumerate(lines) if starts_row.match(line)]
        header_lines = [i for i, line in enumerate(lines) if header.match(line)]
        if row_lines:
            assert header_lines and header_lines[0] < row_lines[0], (
                f"{path.name} page {number}: rows without the table's header above them"
            )
        if lines and header.match(lines[0]):
            continued += 1
    return continued, tails


def category_labels(app: CaseApp, language: str) -> set[str]:
    return {term.label(language) for term in app.vocabulary.terms("violation_category")}


def category_label(app: CaseApp, code: str, language: str) -> str:
    return next(
        t.label(language) for t in app.vocabulary.terms("violation_category") if t.code == code
    )


# -- rows kept whole, headers repeated ---------------------------------------------------------


def test_demo_reports_keep_every_row_on_one_page(demo_app: CaseApp, tmp_path: Path) -> None:
    """The demo archive's reports tore a row on about a third of their pages."""
    for profile in PROFILES:
        for language in LANGUAGES:
            path = report(demo_app, tmp_path, profile, language)
            _, tails = check_rows_and_headers(
                path, Words(language), category_labels(demo_app, language)
            )
            assert tails == [], f"{path.name}: pages starting with the rest of a row: {tails}"


def check_long_rows(app: CaseApp, path: Path, language: str, ids: list[str]) -> None:
    """Every row of the long-rows archive on one page, but the one taller than a page,
    which continues under the repeated header on each page it runs over (and only its
    continuations start a page with the rest of a row)."""
    words = Words(language)
    continued, tails = check_rows_and_headers(path, words, category_labels(app, language))
    assert continued >= 3, path.name  # the header repeated on new pages
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    testimonies = False  # the summary table before them quotes impacts too
    for number, page in pages_of(path):
        testimonies = testimonies or words.get("chart_title") in page
        flat = re.sub(r"\s+", " ", page)
        for found in re.findall(r"\b(T\d\dV\d):", flat) if testimonies else ():
            first.setdefault(found, number)
        for found in re.findall(r"\((T\d\dV\d)\)", flat) if testimonies else ():
            last[found] = number
    assert sorted(first) == sorted(last) == sorted(ids), path.name
    for row in ids:
        if row != HUGE:
            assert first[row] == last[row], f"{path.name}: row {row} torn"
    assert last[HUGE] > first[HUGE]
    assert tails == list(range(first[HUGE] + 1, last[HUGE] + 1)), (path.name, tails)


def test_long_rows_move_whole_to_the_next_page_under_a_repeated_header(
    long_rows: tuple[CaseApp, list[str]], tmp_path: Path
) -> None:
    app, ids = long_rows
    for profile in PROFILES:
        for language in LANGUAGES:
            check_long_rows(app, report(app, tmp_path, profile, language), language, ids)


def test_the_command_line_report_keeps_rows_whole(
    long_rows: tuple[CaseApp, list[str]], db_path: Path, tmp_path: Path
) -> None:
    app, ids = long_rows
    env = clean_env(tmp_path / "cli", passphrase=PASSPHRASE)
    out = tmp_path / "cli-report.pdf"
    result = caseapp(
        "--db", db_path, "report", "-o", out, "--profile", "un", "--language", "ko", env=env
    )
    assert result.returncode == 0, result.stderr
    check_long_rows(app, out, "ko", ids)


# -- charts --------------------------------------------------------------------------------


def chart_page_text(path: Path, words: Words) -> str:
    """The chart page's text, without its running header and footer."""
    page = next(page for _, page in pages_of(path) if words.get("chart_title") in page)
    return "\n".join(content_lines(page))


def test_a_public_chart_whose_every_count_is_withheld_is_left_out_and_says_why(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    """Every demo count is under 5 in public: bars of one length and an axis reading only
    "0" said nothing; a sentence says why instead."""
    for language in LANGUAGES:
        words = Words(language)
        chart = chart_page_text(report(demo_app, tmp_path, "public", language), words)
        flat = re.sub(r"\s+", " ", chart)
        assert re.sub(r"\s+", " ", words.get("chart_categories_withheld", 5)) in flat
        years = words.get(
            "chart_years_withheld", 5, "1998, 1999, 2001, 2007, 2008, 2009, 2012, 2018"
        )
        assert re.sub(r"\s+", " ", years) in flat
        assert "<5" not in chart
        # No axis, no count: the only numbers are the withheld limit and the years.
        numbers = {int(n) for n in re.findall(r"(?<![\d:-])\d+(?![\d:-])", flat)}
        assert numbers - {5} <= {1998, 1999, 2001, 2007, 2008, 2009, 2012, 2018}, numbers
        assert not any(line.strip() == "0" for line in chart.splitlines())


def test_a_public_chart_marks_withheld_counts_and_draws_the_others(
    long_rows: tuple[CaseApp, list[str]], tmp_path: Path
) -> None:
    app, _ = long_rows
    for language in LANGUAGES:
        words = Words(language)
        path = report(app, tmp_path, "public", language)
        chart = chart_page_text(path, words)
        fewer = words.get("fewer_than", 5)
        torture = category_label(app, "torture", language)
        # A category with 5 or more shows its count; one under 5 says "fewer than 5".
        count = re.search(rf"{re.escape(torture)}\s+(\d+)", chart)
        assert count and int(count.group(1)) >= 5, chart
        for code in RARE:
            label = category_label(app, code, language)
            assert re.search(rf"{re.escape(label)}\s+{re.escape(fewer)}", chart), label
        assert "<5" not in chart
        # The legend; the year chart labels its band, and its axis and counts never read 1
        # to 4 (27 violations in 2009 are shown as such).
        assert re.sub(r"\s+", " ", words.get("chart_small", 5))[:40] in re.sub(r"\s+", " ", chart)
        year_part = chart.split(words.get("chart_by_year"), 1)[1]
        assert fewer in year_part
        numbers = [int(n) for n in re.findall(r"(?<![\d:-])\d+(?![\d:-])", year_part)]
        shown = [n for n in numbers if n < 1990]  # not a year
        assert 27 in shown and max(shown) > 27, shown
        assert not [n for n in shown if 0 < n < 5], shown
        assert chart.count(fewer) >= 2


def test_internal_and_un_charts_draw_every_count(
    long_rows: tuple[CaseApp, list[str]], tmp_path: Path
) -> None:
    app, _ = long_rows
    for profile in ("internal", "un"):
        words = Words("en")
        chart = chart_page_text(report(app, tmp_path, profile, "en"), words)
        assert words.get("fewer_than", 5) not in chart and "<5" not in chart
        assert "Hatched" not in chart
        # Small counts are no secret here: drawn and labelled as they are.
        label = category_label(app, "public_execution", "en")
        count = re.search(rf"{re.escape(label)}\s+(\d+)", chart)
        assert count and 1 <= int(count.group(1)) < 5, chart
