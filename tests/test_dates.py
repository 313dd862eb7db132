"""Partial dates as a field worker types them: what is accepted, what is refused and why."""

from datetime import date

import pytest

from caseapp.services.dates import DateProblem, check_precision, parse_partial
from caseapp.services.messages import Message

TODAY = date(2026, 1, 1)


# -- parse_partial: good forms --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2019", date(2019, 1, 1), date(2019, 12, 31)),
        ("2019-03", date(2019, 3, 1), date(2019, 3, 31)),
        ("2019-02", date(2019, 2, 1), date(2019, 2, 28)),
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
        ("2019-04", date(2019, 4, 1), date(2019, 4, 30)),
        ("2019-03-14", date(2019, 3, 14), date(2019, 3, 14)),
        ("2019-12-31", date(2019, 12, 31), date(2019, 12, 31)),
        ("1900", date(1900, 1, 1), date(1900, 12, 31)),
        ("1900-01-01", date(1900, 1, 1), date(1900, 1, 1)),
    ],
)
def test_a_partial_date_means_its_first_to_last_day(text: str, first: date, last: date) -> None:
    assert parse_partial(text, TODAY) == (first, last)


@pytest.mark.parametrize("text", ["2020-02-29", "2000-02-29", "2016-02-29"])
def test_leap_days_are_real_dates(text: str) -> None:
    day = date.fromisoformat(text)
    assert parse_partial(text, TODAY) == (day, day)


@pytest.mark.parametrize("text", ["2019-02-29", "1900-02-29", "2100-02-29"])
def test_leap_day_of_a_common_year_is_refused(text: str) -> None:
    with pytest.raises(DateProblem, match=r"not a real date \(day 29\)"):
        parse_partial(text, date(2200, 1, 1))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019-00", "month 0"),
        ("2019-13", "month 13"),
        ("2019-00-10", "month 0"),
        ("2019-13-40", "month 13"),
        ("2019-03-00", "day 0"),
        ("2019-03-32", "day 32"),
        ("2019-04-31", "day 31"),
        ("2019-02-30", "day 30"),
    ],
)
def test_impossible_months_and_days_are_named(text: str, message: str) -> None:
    with pytest.raises(DateProblem) as info:
        parse_partial(text, TODAY)
    assert str(info.value) == f"{text} is not a real date ({message})"


@pytest.mark.parametrize(
    "text",
    [
        "",
        " 2019",
        "2019 ",
        "19-03",
        "19",
        "2019/03/01",
        "2019.03.01",
        "01-03-2019",
        "2019-3",
        "2019-03-1",
        "2019-03-14T10:00",
        "20190314",
        "2019년 3월",
        "spring 2019",
    ],
)
def test_text_not_of_the_form_yyyy_mm_dd_is_refused(text: str) -> None:
    with pytest.raises(DateProblem) as info:
        parse_partial(text, TODAY)
    assert "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD" in str(info.value)


@pytest.mark.parametrize("text", ["2019\n", "2019-03-01\n"], ids=["year", "exact"])
def test_a_trailing_newline_is_refused(text: str) -> None:
    with pytest.raises(DateProblem):
        parse_partial(text, TODAY)


@pytest.mark.parametrize("text", ["２０１９", "٢٠١٩-٠٣"], ids=["full-width", "arabic-indic"])
def test_only_ascii_digits_make_a_date(text: str) -> None:
    with pytest.raises(DateProblem):
        parse_partial(text, TODAY)


@pytest.mark.parametrize("text", ["1899", "1899-12", "1899-12-31", "1000-01-01"])
def test_dates_before_1900_are_refused(text: str) -> None:
    with pytest.raises(DateProblem) as info:
        parse_partial(text, TODAY)
    assert str(info.value) == f"{text} is before 1900"


@pytest.mark.parametrize("text", ["2026-01-02", "2026-02", "2027", "2999-12-31"])
def test_dates_after_today_are_refused(text: str) -> None:
    with pytest.raises(DateProblem) as info:
        parse_partial(text, TODAY)
    assert str(info.value) == f"{text} is in the future"


@pytest.mark.parametrize("text", ["2026-01-01", "2026-01", "2026"])
def test_a_partial_date_that_begins_today_is_not_in_the_future(text: str) -> None:
    first, _last = parse_partial(text, TODAY)
    assert first == TODAY


def test_without_today_the_real_clock_decides() -> None:
    assert parse_partial("2019-03-14") == (date(2019, 3, 14), date(2019, 3, 14))
    with pytest.raises(DateProblem, match="in the future"):
        parse_partial(f"{date.today().year + 1}")


def test_a_date_problem_is_a_value_error() -> None:
    # Callers that handle ValueError (the validator) catch it too.
    with pytest.raises(ValueError):
        parse_partial("2019-13", TODAY)


# -- check_precision ------------------------------------------------------------------------


def worded(problems: list[tuple[str, Message]]) -> list[tuple[str, str]]:
    """check_precision's problems in English, as the log shows them."""
    return [(which, str(message)) for which, message in problems]


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [
        ("2019-03-14", None, "exact"),
        ("2019-03", None, "month"),
        ("2019", None, "year"),
        ("2019", "2020", "range"),
        ("2019-03-14", "2019-03-14", "range"),
        ("2019-05", "2019-05-10", "range"),
        ("2019-05-10", "2019-05", "range"),  # overlapping partial dates
        ("2019", None, "estimate"),
        ("2019-03-14", None, "estimate"),
        ("2019", "2021", "estimate"),
        (None, None, "unknown"),
        ("", "", "unknown"),
    ],
)
def test_consistent_dates_and_precision_have_no_problems(
    start: str | None, end: str | None, precision: str
) -> None:
    assert worded(check_precision(start, end, precision, TODAY)) == []


@pytest.mark.parametrize(
    ("start", "precision"),
    [("2019-03", "exact"), ("2019", "exact"), ("2019-03-14", "month"), ("2019", "month")],
)
def test_a_date_must_have_the_form_its_precision_says(start: str, precision: str) -> None:
    assert worded(check_precision(start, None, precision, TODAY)) == [
        ("precision", f"{start} does not have precision {precision}")
    ]


@pytest.mark.parametrize("start", ["2019-03", "2019-03-14"])
def test_year_precision_needs_a_bare_year(start: str) -> None:
    assert worded(check_precision(start, None, "year", TODAY)) == [
        ("precision", f"{start} does not have precision year")
    ]


@pytest.mark.parametrize("precision", ["exact", "month", "year", "range", "estimate"])
def test_every_known_precision_needs_a_start_date(precision: str) -> None:
    assert worded(check_precision(None, None, precision, TODAY)) == [
        ("start", f"a date is needed for precision {precision}")
    ]


def test_a_range_needs_an_end() -> None:
    assert worded(check_precision("2019", None, "range", TODAY)) == [
        ("end", "a range needs an end date")
    ]


def test_an_end_alone_is_not_a_range() -> None:
    assert worded(check_precision(None, "2020", "range", TODAY)) == [
        ("start", "a date is needed for precision range")
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2019-05", "2019-03"),
        ("2020", "2019"),
        ("2019-03-14", "2019-03-13"),
        ("2019-05-10", "2019-05-01"),
    ],
)
def test_a_range_may_not_end_before_it_starts(start: str, end: str) -> None:
    assert worded(check_precision(start, end, "range", TODAY)) == [
        ("end", f"{end} is before {start}")
    ]


def test_an_estimate_may_not_end_before_it_starts() -> None:
    assert worded(check_precision("2020", "2019", "estimate", TODAY)) == [
        ("end", "2019 is before 2020")
    ]


@pytest.mark.parametrize("precision", ["exact", "month", "year"])
def test_only_a_range_has_an_end(precision: str) -> None:
    start = {"exact": "2019-03-14", "month": "2019-03", "year": "2019"}[precision]
    assert worded(check_precision(start, "2020", precision, TODAY)) == [
        ("end", f"an end date needs precision range, not {precision}")
    ]


@pytest.mark.parametrize(("start", "end"), [("2019", None), (None, "2019"), ("2019", "2020")])
def test_unknown_precision_with_a_date_is_a_contradiction(
    start: str | None, end: str | None
) -> None:
    assert worded(check_precision(start, end, "unknown", TODAY)) == [
        ("precision", "a date is given but the precision says unknown")
    ]


@pytest.mark.parametrize("precision", ["", "Exact", "sometime", "approximate"])
def test_an_unknown_precision_is_named(precision: str) -> None:
    assert worded(check_precision("2019", None, precision, TODAY)) == [
        ("precision", f"unknown precision {precision!r}")
    ]


def test_bad_dates_are_reported_for_the_field_they_are_in() -> None:
    assert worded(check_precision("2019-13", "2019-02-30", "range", TODAY)) == [
        ("start", "2019-13 is not a real date (month 13)"),
        ("end", "2019-02-30 is not a real date (day 30)"),
    ]


def test_bad_dates_are_reported_before_precision_problems() -> None:
    # The date itself is wrong; a precision complaint on top would only confuse.
    assert worded(check_precision("2019-13-40", None, "month", TODAY)) == [
        ("start", "2019-13-40 is not a real date (month 13)")
    ]


def test_a_future_end_is_reported_against_today() -> None:
    assert worded(check_precision("2025", "2026-06", "range", TODAY)) == [
        ("end", "2026-06 is in the future")
    ]
    assert worded(check_precision("2025", "2026-06", "range", date(2026, 6, 1))) == []
