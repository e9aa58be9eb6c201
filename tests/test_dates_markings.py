"""The value types: dates as precise as their source, and ordered protective markings."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.dates import FuzzyDate, Point, format_day
from briefgen.markings import LEVELS, Marking, highest

# ----------------------------------------------------------------- FuzzyDate: parsing, formatting


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1979", "1979"),
        ("2020-07", "July 2020"),
        ("2019-08-28", "28 August 2019"),
        ("2019-08-05", "5 August 2019"),  # no leading zero on the day
        ("~2031", "approximately 2031"),
        ("~2020-07", "approximately July 2020"),
        ("2025-04/2025-10", "April to October 2025"),
        ("2024-11/2025-02", "November 2024 to February 2025"),
        ("2019/2021", "2019 to 2021"),
        ("2026-12-01/2026-12-03", "1 to 3 December 2026"),
        ("2026-11-30/2026-12-02", "30 November to 2 December 2026"),
        ("2024-12-30/2025-01-02", "30 December 2024 to 2 January 2025"),
        ("2025-04/2025-10-15", "April 2025 to 15 October 2025"),
        ("unknown", "unknown date"),
    ],
)
def test_format_in_style_manual_form(text: str, shown: str) -> None:
    assert FuzzyDate.parse(text).format() == shown


@pytest.mark.parametrize(
    "text",
    [
        "1979",
        "2020-07",
        "2019-08-28",
        "~2031",
        "~2020-07",
        "2025-04/2025-10",
        "2024-11/2025-02",
        "2019/2021-03-04",
        "unknown",
    ],
)
def test_str_round_trips(text: str) -> None:
    parsed = FuzzyDate.parse(text)
    assert str(parsed) == text
    assert FuzzyDate.parse(str(parsed)) == parsed


def test_a_year_may_be_an_integer_as_yaml_gives_it() -> None:
    assert FuzzyDate.parse(1979) == FuzzyDate.parse("1979")
    assert str(FuzzyDate.parse(1979)) == "1979"


def test_a_date_object_is_a_day() -> None:
    d = FuzzyDate.parse(date(2019, 8, 28))
    assert d == FuzzyDate.parse("2019-08-28")
    assert d.start is not None and d.start.precision == "day"


def test_parse_accepts_a_fuzzy_date_unchanged() -> None:
    d = FuzzyDate.parse("2020-07")
    assert FuzzyDate.parse(d) is d


def test_surrounding_whitespace_is_ignored() -> None:
    assert FuzzyDate.parse(" 2020-07 ") == FuzzyDate.parse("2020-07")


def test_unknown() -> None:
    d = FuzzyDate.parse("unknown")
    assert not d.known
    assert d.earliest() is None and d.latest() is None
    assert str(d) == "unknown"


# ----------------------------------------------------------------- never inventing precision


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("1979", "year", date(1979, 1, 1), date(1979, 12, 31)),
        ("2020-07", "month", date(2020, 7, 1), date(2020, 7, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        ("2023-02", "month", date(2023, 2, 1), date(2023, 2, 28)),
        ("2020-12", "month", date(2020, 12, 1), date(2020, 12, 31)),
        ("2019-08-28", "day", date(2019, 8, 28), date(2019, 8, 28)),
        ("~2031", "year", date(2031, 1, 1), date(2031, 12, 31)),
        ("2025-04/2025-10", "month", date(2025, 4, 1), date(2025, 10, 31)),
    ],
)
def test_precision_is_kept(text: str, precision: str, earliest: date, latest: date) -> None:
    d = FuzzyDate.parse(text)
    assert d.start is not None
    assert d.start.precision == precision
    assert d.earliest() == earliest
    assert d.latest() == latest


def test_a_month_has_no_day_and_a_year_no_month() -> None:
    month = FuzzyDate.parse("2020-07").start
    year = FuzzyDate.parse("1979").start
    assert month == Point(2020, 7, None)
    assert year == Point(1979, None, None)
    assert "1" not in FuzzyDate.parse("2020-07").format()  # no day was invented
    assert FuzzyDate.parse("1979").format() == "1979"  # no month was invented


def test_approximate_is_kept() -> None:
    d = FuzzyDate.parse("~2031")
    assert d.approximate
    assert not FuzzyDate.parse("2031").approximate
    assert d != FuzzyDate.parse("2031")


# ----------------------------------------------------------------- invalid input


@pytest.mark.parametrize(
    "value",
    [
        "2020-13",
        "2019-02-30",
        "2023-02-29",
        "2020-00",
        "2020-07-00",
        "0000",
        "20-01",
        "2020-1",
        "2020-07-1",
        "July 2020",
        "abc",
        "",
        "~",
        "~2020/2021",
        "2020/2021/2022",
        "2020/",
        "~unknown",
        "Unknown",
        True,
        3.5,
        None,
        [2020],
    ],
)
def test_invalid_dates_raise_a_plain_value_error(value: object) -> None:
    with pytest.raises(ValueError) as info:
        FuzzyDate.parse(value)
    message = str(info.value)
    assert message == f"{value!r} is not a date"  # names the input, no internals


def test_a_span_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match=r"^'2021/2020': the span ends before it starts$"):
        FuzzyDate.parse("2021/2020")


def test_a_span_may_start_and_end_in_the_same_period() -> None:
    d = FuzzyDate.parse("2020-07-01/2020-07-01")
    assert d.earliest() == d.latest() == date(2020, 7, 1)


# ----------------------------------------------------------------- sorting


def test_sort_chronologically_unknown_last() -> None:
    texts = ["unknown", "2021", "2019-08-28", "~2031", "1979", "2020-07", "2025-04/2025-10"]
    ordered = sorted((FuzzyDate.parse(t) for t in texts), key=FuzzyDate.sort_key)
    assert [str(d) for d in ordered] == [
        "1979",
        "2019-08-28",
        "2020-07",
        "2021",
        "2025-04/2025-10",
        "~2031",
        "unknown",
    ]


def test_sort_shorter_period_first_when_they_start_together() -> None:
    year, month, day = (FuzzyDate.parse(t) for t in ("2020", "2020-01", "2020-01-01"))
    assert day.sort_key() < month.sort_key() < year.sort_key()


def test_format_day() -> None:
    assert format_day(date(2026, 11, 25)) == "25 November 2026"


def _point_text(d: date, precision: int) -> str:
    return d.isoformat()[: (4, 7, 10)[precision]]


points = st.builds(
    _point_text,
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=2),
)


def test_year_only_sorts_after_dated_events_of_that_year() -> None:
    texts = ["2020", "2020-07", "2020-07-14", "2019", "2021-01"]
    ordered = sorted((FuzzyDate.parse(t) for t in texts), key=FuzzyDate.sort_key)
    assert [str(d) for d in ordered] == ["2019", "2020-07-14", "2020-07", "2020", "2021-01"]


def _inside(inner: FuzzyDate, outer: FuzzyDate) -> bool:
    """``inner`` is a more precise date within ``outer``'s period."""
    a, b = inner.start, outer.start
    assert a is not None and b is not None
    return (
        a.precision != b.precision
        and a.year == b.year
        and (b.month is None or a.month == b.month)
        and (b.day is None or a.day == b.day)
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(points, min_size=2, max_size=8))
def test_sort_key_is_chronological_with_vaguer_dates_last(texts: list[str]) -> None:
    dates = [FuzzyDate.parse(t) for t in texts]
    for a in dates:
        for b in dates:
            if _inside(a, b) or a.latest() < b.earliest():  # "July 2020" before "2020"
                assert a.sort_key() < b.sort_key()


@settings(max_examples=100, deadline=None)
@given(points, st.booleans())
def test_points_round_trip_and_cover_their_period(text: str, approximate: bool) -> None:
    written = ("~" if approximate else "") + text
    d = FuzzyDate.parse(written)
    assert str(d) == written
    earliest, latest = d.earliest(), d.latest()
    assert earliest is not None and latest is not None
    assert earliest.isoformat().startswith(text)
    assert latest.isoformat().startswith(text)
    assert earliest <= latest


# ----------------------------------------------------------------- markings


def test_levels_in_order() -> None:
    assert LEVELS == ("UNOFFICIAL", "OFFICIAL", "OFFICIAL: Sensitive", "PROTECTED")
    ranks = [Marking.parse(level).rank for level in LEVELS]
    assert ranks == sorted(ranks) == list(range(len(LEVELS)))


@pytest.mark.parametrize(
    ("text", "level", "qualifiers"),
    [
        ("OFFICIAL", "OFFICIAL", ()),
        ("official", "OFFICIAL", ()),
        ("OFFICIAL: Sensitive", "OFFICIAL: Sensitive", ()),
        ("OFFICIAL:SENSITIVE", "OFFICIAL: Sensitive", ()),
        ("official: sensitive", "OFFICIAL: Sensitive", ()),
        ("PROTECTED//CABINET", "PROTECTED", ("CABINET",)),
        ("OFFICIAL: Sensitive//Legal-Privilege", "OFFICIAL: Sensitive", ("LEGAL-PRIVILEGE",)),
        ("PROTECTED // A // B", "PROTECTED", ("A", "B")),
        ("UNOFFICIAL", "UNOFFICIAL", ()),
    ],
)
def test_marking_parse(text: str, level: str, qualifiers: tuple[str, ...]) -> None:
    m = Marking.parse(text)
    assert m.level == level
    assert m.qualifiers == qualifiers
    assert Marking.parse(str(m)) == m


def test_marking_parse_accepts_a_marking_unchanged() -> None:
    m = Marking.parse("OFFICIAL")
    assert Marking.parse(m) is m


@pytest.mark.parametrize("value", ["SECRET", "", "OFFICAL", "OFFICIAL: Secret", 5, None])
def test_marking_invalid(value: object) -> None:
    with pytest.raises(ValueError, match="is not a protective marking"):
        Marking.parse(value)


@pytest.mark.parametrize("value", ["OFFICIAL//", "PROTECTED//A//", "PROTECTED// //B"])
def test_marking_empty_caveat(value: str) -> None:
    with pytest.raises(ValueError, match="empty caveat"):
        Marking.parse(value)


def test_marking_str_and_banner() -> None:
    m = Marking.parse("official: sensitive//Legal-Privilege")
    assert str(m) == "OFFICIAL: Sensitive//LEGAL-PRIVILEGE"  # caveats in capitals, once
    assert m.banner() == "OFFICIAL: Sensitive//LEGAL-PRIVILEGE"
    assert Marking.parse("PROTECTED").banner() == "PROTECTED"


def test_marking_above() -> None:
    official = Marking.parse("OFFICIAL")
    sensitive = Marking.parse("OFFICIAL: Sensitive")
    protected = Marking.parse("PROTECTED")
    assert protected.above(official)
    assert protected.above(sensitive)
    assert sensitive.above(official)
    assert not official.above(sensitive)
    assert not official.above(official)
    assert not Marking.parse("UNOFFICIAL").above(official)


def test_marking_above_with_caveats() -> None:
    cabinet = Marking.parse("PROTECTED//CABINET")
    assert cabinet.above(Marking.parse("PROTECTED"))  # a caveat the ceiling does not hold
    assert not cabinet.above(Marking.parse("PROTECTED//CABINET"))
    assert not cabinet.above(Marking.parse("PROTECTED//CABINET//OTHER"))
    assert not Marking.parse("PROTECTED").above(cabinet)
    # a caveat at a lower level does not lift the marking over a higher ceiling
    assert not Marking.parse("OFFICIAL: Sensitive//Legal-Privilege").above(cabinet)


def test_highest() -> None:
    floor = Marking.parse("OFFICIAL")
    assert highest([], floor) == floor
    assert highest([None, None], floor) == floor
    found = highest(
        [Marking.parse("UNOFFICIAL"), None, Marking.parse("OFFICIAL: Sensitive")], floor
    )
    assert found == Marking.parse("OFFICIAL: Sensitive")
    assert highest([Marking.parse("UNOFFICIAL")], floor) == floor  # never below the floor


def test_highest_combines_caveats_of_the_top_level_only() -> None:
    floor = Marking.parse("OFFICIAL")
    found = highest(
        [
            Marking.parse("OFFICIAL: Sensitive//Legal-Privilege"),
            Marking.parse("PROTECTED//CABINET"),
            Marking.parse("PROTECTED//NATIONAL-CABINET"),
            Marking.parse("PROTECTED//CABINET"),
        ],
        floor,
    )
    assert found.level == "PROTECTED"
    assert found.qualifiers == ("CABINET", "NATIONAL-CABINET")  # lower caveats dropped, no repeats
    assert str(found) == "PROTECTED//CABINET//NATIONAL-CABINET"


def test_highest_keeps_the_floor_caveats_at_the_floor_level() -> None:
    floor = Marking.parse("OFFICIAL//A")
    assert highest([Marking.parse("OFFICIAL//B")], floor).qualifiers == ("A", "B")
    assert highest([Marking.parse("PROTECTED")], floor).qualifiers == ()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(LEVELS), min_size=1, max_size=6))
def test_highest_is_never_above_its_inputs_and_floor(levels: list[str]) -> None:
    floor = Marking.parse("UNOFFICIAL")
    marks = [Marking.parse(level) for level in levels]
    top = highest(marks, floor)
    assert top.rank == max(m.rank for m in marks)
    assert not any(m.above(top) for m in marks)
