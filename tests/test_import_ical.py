"""iCalendar plans from the files teachers really have: exports of Google Calendar, Outlook and a
school agenda (fixtures in tests/fixtures/ical/), read back row by row and problem by problem."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from planner.config import SchoolConfig, parse_config
from planner.errors import InvalidInput
from planner.i18n import problem
from planner.importers import read_file
from planner.importers.ical import read_ical_plan

FIXTURES = Path(__file__).parent / "fixtures" / "ical"
YEAR = "[calendar]\nstart = 2025-09-01\nend = 2026-07-17\n"

# One line per file for its cancelled events (Dutch: the fixtures' school)
CANCELLED = "vervallen of verplaatste items overgeslagen: {count}"


def school(toml: str = "", *, year: bool = True, language: str = "nl") -> SchoolConfig:
    """Default kinds; the 2025-2026 school year unless `year` is false; `toml` adds tables."""
    text = f'[school]\nname = "Testschool"\nlanguage = "{language}"\n'
    text += (YEAR if year else "") + toml
    return parse_config(tomllib.loads(text), "school.toml")


def rows(table: pd.DataFrame, *columns: str) -> list[tuple[Any, ...]]:
    """The table's rows as tuples of the given columns, dates as ISO text."""
    out = table.assign(date=table["date"].dt.strftime("%Y-%m-%d"))
    return [tuple(r) for r in out[list(columns)].itertuples(index=False)]


def where(problems: list[Any]) -> list[tuple[str, int | None, str | None, str]]:
    return [(p.source, p.row, p.column, p.value) for p in problems]


def write(path: Path, *lines: str, encoding: str = "utf-8", eol: str = "\r\n") -> Path:
    path.write_bytes(eol.join(lines).encode(encoding) + eol.encode(encoding))
    return path


def calendar(path: Path, *events: list[str], head: tuple[str, ...] = ()) -> Path:
    """A small calendar, one VEVENT per list of properties (a UID is added when missing)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Toetsplanner tests//NL", *head]
    for n, fields in enumerate(events, start=1):
        uid = [] if any(f.startswith("UID") for f in fields) else [f"UID:t{n}"]
        lines += ["BEGIN:VEVENT", *uid, *fields, "END:VEVENT"]
    return write(path, *lines, "END:VCALENDAR")


# --- the fixtures ----------------------------------------------------------------------------


def test_google_calendar_export_with_x_wr_timezone_and_calendar_name() -> None:
    table, problems = read_ical_plan(FIXTURES / "google_3h2.ics", school())
    assert problems == []
    assert rows(table, "date", "start", "end", "group", "subject", "kind", "title", "row") == [
        # 23:30 UTC on 9 March is 00:30 on 10 March in Amsterdam
        ("2026-03-10", "00:30", "00:55", "3H2", "Engels", "po", "betoog inleveren in Teams", 1),
        ("2026-03-11", "", "", "3H2", "wiskunde A", "proefwerk", "wiskunde A proefwerk H5", 2),
        # a floating time counts in the calendar's zone; 3H1 in the title wins over the
        # calendar's 3H2; the line was folded inside "é" and its commas escaped
        (
            "2026-03-12",
            "10:00",
            "10:50",
            "3H1",
            "Frans",
            "so",
            "verbes irréguliers (être, avoir, aller, faire)",
            3,
        ),
        # a weekly series in UTC repeats at 08:30 Amsterdam time, also after the change to
        # summer time on 29 March (Google's X-WR-TIMEZONE)
        ("2026-03-19", "08:30", "09:20", "3H2", "biologie", "so", "woordjes hoofdstuk 6", 4),
        ("2026-03-26", "08:30", "09:20", "3H2", "biologie", "so", "woordjes hoofdstuk 6", 4),
        ("2026-04-02", "08:30", "09:20", "3H2", "biologie", "so", "woordjes hoofdstuk 6", 4),
        # DURATION instead of DTEND
        (
            "2026-03-16",
            "13:15",
            "14:05",
            "3H2",
            "geschiedenis",
            "proefwerk",
            "geschiedenis toets H3",
            5,
        ),
    ]
    second = table.iloc[1]
    assert (second["teacher"], second["weight"]) == ("KRS", 2.0)
    assert second["notes"] == "Leerstof: H5 en H6, paragraaf 1 t/m 4"
    assert table["id"].tolist()[3:6] == [
        f"r3c8rr1ng2so3biologie4wk5x6@google.com/2026-{day}" for day in ("03-19", "03-26", "04-02")
    ]
    assert set(table["source"]) == {"google_3h2.ics"}


def test_outlook_export_in_windows_1252_with_windows_zone_names() -> None:
    table, problems = read_ical_plan(FIXTURES / "outlook_4h.ics", school())
    # the cancelled meeting (event 4) is left out, counted in one line for the file
    assert [(p.row, p.message) for p in problems] == [(None, CANCELLED.format(count=1))]
    assert rows(table, "date", "start", "end", "group", "subject", "kind", "title", "row") == [
        # TZID:"W. Europe Standard Time", and cp1252 bytes for ç, – and é
        ("2026-03-10", "08:30", "09:20", "4H2", "Frans", "proefwerk", "Leçon 5 – passé composé", 1),
        # TZID:"(UTC+01:00) Amsterdam, Berlin, ...", with no VTIMEZONE for it; two groups
        ("2026-03-11", "10:15", "11:05", "4H1", "Duits", "so", "Wortschatz Kapitel 3", 2),
        ("2026-03-11", "10:15", "11:05", "4H2", "Duits", "so", "Wortschatz Kapitel 3", 2),
        # 23:30 in "(UTC+00:00) Dublin, Edinburgh, Lisbon, London" is 00:30 the next day here
        ("2026-03-12", "00:30", "", "4H2", "Engels", "po", "essay uploaden", 3),
        # kind from CATEGORIES (Outlook's colour category is no kind)
        ("2026-03-12", "13:10", "14:00", "4H1", "Biologie", "so", "practicum H2 – microscoop", 5),
        ("2026-03-13", "", "", "4H1", "aardrijkskunde", "proefwerk", "PW aardrijkskunde 4H1", 6),
    ]
    # DESCRIPTION is the event's, not its reminder's (VALARM DESCRIPTION:Reminder)
    assert table["notes"].tolist() == [
        "Stof: Leçon 5 et 6 – passé composé",
        "",
        "",
        "Inleveren via Magister – uiterlijk 23:30 Londense tijd",
        "",
        "",
    ]


def test_school_agenda_export_with_a_bom_and_plain_lessons() -> None:
    table, problems = read_ical_plan(FIXTURES / "agenda_3h1.ics", school())
    assert rows(table, "date", "start", "end", "group", "subject", "kind", "title", "row") == [
        ("2026-03-09", "08:30", "09:20", "3H1", "wi", "proefwerk", "Proefwerk H4", 1),
        ("2026-03-10", "10:15", "11:05", "3H1", "ne", "so", "SO woordenschat", 2),
        ("2026-03-11", "08:30", "09:20", "3H1", "gs", "huiswerk", "Huiswerk: lees §2.3", 4),
    ]
    assert table["teacher"].tolist() == ["JNS", "VDB", "KLM"]
    assert table["period"].tolist() == [1, 3, pd.NA]
    assert table["minutes"].fillna(0).tolist() == [0, 0, 30]
    assert table["notes"].tolist() == ["Huiswerk: H4 §1 t/m §3 leren", "", ""]
    # a lesson is no test: reported, never guessed ("Toetsweek" is not the word "toets")
    assert where(problems) == [
        ("agenda_3h1.ics", 3, "kind", "3H1 - en - les"),
        ("agenda_3h1.ics", 5, "kind", "3H1 - lo - Toetsweek uitleg"),
    ]
    assert problems[0].message == problem("event_no_kind", "nl")


def test_weekly_series_with_exdate_rdate_a_moved_and_a_cancelled_occurrence() -> None:
    table, problems = read_ical_plan(FIXTURES / "reeks_2a.ics", school())
    assert [p.message for p in problems] == [CANCELLED.format(count=2)]
    frans = [
        ("2026-03-02", "08:30", "09:20", "2A", "Frans", "so", "woordjes", 1),
        # 9 March is an EXDATE, 16 March moved (event 2), 23 March cancelled (event 3)
        ("2026-03-30", "08:30", "09:20", "2A", "Frans", "so", "woordjes", 1),
        ("2026-04-02", "10:00", "10:50", "2A", "Frans", "so", "woordjes", 1),  # RDATE
        ("2026-03-17", "10:00", "10:50", "2A", "Frans", "so", "woordjes (verplaatst)", 2),
    ]
    # the cancelled Duits toets (event 4) is dropped; the weekly homework without an end
    # stops at the end of the school year
    engels = [
        (day, "", "", "2A", "Engels", "huiswerk", "woordjes leren", 5)
        for day in (
            "2026-06-05",
            "2026-06-12",
            "2026-06-19",
            "2026-06-26",
            "2026-07-03",
            "2026-07-10",
            "2026-07-17",
        )
    ]
    columns = ("date", "start", "end", "group", "subject", "kind", "title", "row")
    assert rows(table, *columns) == frans + engels
    assert table["id"].tolist()[:4] == [
        "frans-so-2a@school.nl/2026-03-02",
        "frans-so-2a@school.nl/2026-03-30",
        "frans-so-2a@school.nl/2026-04-02",
        "frans-so-2a@school.nl/2026-03-16",  # the date it was planned on
    ]


def test_without_a_school_year_series_expand_a_year_past_the_last_start() -> None:
    table, problems = read_ical_plan(FIXTURES / "reeks_2a.ics", school(year=False))
    assert [p.message for p in problems] == [CANCELLED.format(count=2)]
    assert table.groupby("row").size().to_dict() == {1: 3, 2: 1, 5: 53}
    assert rows(table, "date")[-1] == ("2027-06-04",)


def test_broken_events_are_problems_while_the_others_load() -> None:
    table, problems = read_ical_plan(FIXTURES / "kapot_2b.ics", school(language="en"))
    assert rows(table, "date", "start", "end", "group", "subject", "kind", "row") == [
        ("2026-03-09", "", "", "2B", "biologie", "proefwerk", 1),
        ("2026-03-12", "", "", "2B", "nask", "so", 6),
        ("2026-03-16", "11:00", "", "2B", "muziek", "so", 8),  # an unreadable DTEND: no end
    ]
    assert where(problems) == [
        ("kapot_2b.ics", 2, "date", "wiskunde PW"),  # DTSTART:2026-03-10
        ("kapot_2b.ics", 3, "date", "Engels SO"),  # RRULE:FREQ=SOMETIMES
        ("kapot_2b.ics", 4, "date", "Frans SO"),  # no DTSTART
        ("kapot_2b.ics", 5, "date", "Duits toets"),  # month 13
        ("kapot_2b.ics", 7, "date", "economie PW"),  # RRULE:...;UNTIL=gisteren
    ]
    messages = [p.message for p in problems]
    assert messages[0] == problem("ical_bad_start", "en", value="'2026-03-10'")
    assert messages[1] == problem("event_bad_repeat", "en", reason="RRULE:FREQ=SOMETIMES")
    assert messages[2] == problem("event_no_start", "en")
    assert messages[3] == problem("ical_bad_start", "en", value="'20261310T083000'")
    assert "UNTIL=gisteren" in messages[4]


def test_unclassifiable_events_are_reported_with_their_summary() -> None:
    table, problems = read_ical_plan(FIXTURES / "onbekend.ics", school())
    assert rows(table, "date", "group", "subject", "kind", "title") == [
        ("2026-03-09", "2A", "biologie", "proefwerk", "2A biologie PW")
    ]
    assert where(problems) == [  # one problem per event, also for a series
        ("onbekend.ics", 2, "kind", "Ouderavond 2A"),
        ("onbekend.ics", 3, "subject", "2A SO"),
        ("onbekend.ics", 4, "group", "geschiedenis PO"),
        ("onbekend.ics", 5, "kind", "Toetsweek 4H"),
        ("onbekend.ics", 6, "group", "Engels SO"),
    ]
    assert [p.message for p in problems[1:3]] == [
        problem("event_no_subject", "nl"),
        problem("event_no_group", "nl"),
    ]


@pytest.mark.parametrize(
    ("name", "nl", "en"),
    [
        ("geen_agenda.ics", "er staat geen BEGIN:VCALENDAR in", "it has no BEGIN:VCALENDAR"),
        ("plaatje.ics", "het bevat binaire gegevens", "it holds binary data"),
    ],
)
def test_a_file_that_is_not_icalendar_is_invalid_input(name: str, nl: str, en: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        read_ical_plan(FIXTURES / name, school())
    error = caught.value
    assert error.source == name
    assert error.one_line("nl") == f"{name}: geen leesbaar iCalendar-bestand: {nl} " + (
        "(exporteer de agenda als .ics)"
    )
    assert error.one_line("en") == f"{name}: not a readable iCalendar file: {en} " + (
        "(export the calendar as .ics)"
    )
    with pytest.raises(InvalidInput, match="iCalendar"):
        read_file(FIXTURES / name, school())  # by its extension, as a calendar


def test_an_empty_file_is_invalid_input(tmp_path: Path) -> None:
    (tmp_path / "leeg.ics").write_bytes(b"\r\n")
    with pytest.raises(InvalidInput, match=r"leeg\.ics.*the file is empty"):
        read_ical_plan(tmp_path / "leeg.ics", school())


# --- [import.ical] ---------------------------------------------------------------------------

OWN_CODES = r"""
[import.ical]
group_pattern = '\b([HVA][1-6][a-z])\b'
subject_pattern = '^\[\w+\]\s+\S+\s+(\w+)'
kind_words = { blokopdracht = "proefwerk", Luistertoets = "so" }
group_from_calendar_name = false
"""


def test_import_ical_settings_for_a_school_with_its_own_codes() -> None:
    config = school(OWN_CODES)
    table, problems = read_ical_plan(FIXTURES / "eigen_codes.ics", config)
    assert rows(table, "date", "group", "subject", "kind", "title", "row") == [
        ("2026-03-09", "H4a", "wisA", "so", "kansrekening", 1),
        ("2026-03-10", "V5b", "econ", "proefwerk", "marktvormen", 2),  # kind_words: blokopdracht
        ("2026-03-11", "H4a", "en", "so", "unit 3", 3),  # kind_words: Luistertoets, any case
    ]
    # no group in the title, and the calendar's name (Toetsen H4a) may not be used; a title
    # the subject pattern does not fit
    assert where(problems) == [
        ("eigen_codes.ics", 4, "group", "[SO] wisA: herkansing"),
        ("eigen_codes.ics", 5, "subject", "SO H4a wiskunde"),
    ]
    settings = config.imports.ical
    assert [p.message for p in problems] == [
        problem("ical_no_group_pattern", "nl", pattern=settings.group_pattern),
        problem("ical_no_subject_pattern", "nl", pattern=settings.subject_pattern),
    ]


def test_the_built_in_patterns_do_not_read_those_codes() -> None:
    table, problems = read_ical_plan(FIXTURES / "eigen_codes.ics", school())
    # The school's own kind words are unknown without [import.ical]; "H4a" is a group name to
    # the built-in vocabulary (Magister-style, as the Excel grid reads it), in the title and
    # in the calendar's name (Toetsen H4a)
    assert rows(table, "group", "kind", "title", "row") == [
        ("H4a", "so", "kansrekening", 1),
        ("H4a", "so", "herkansing", 4),
        ("H4a", "so", "SO H4a wiskunde", 5),
    ]
    assert [(p.row, p.column) for p in problems] == [(2, "kind"), (3, "kind")]


def test_group_from_calendar_name_false_leaves_events_without_a_group() -> None:
    config = school("[import.ical]\ngroup_from_calendar_name = false\n")
    table, problems = read_ical_plan(FIXTURES / "google_3h2.ics", config)
    assert rows(table, "date", "group", "subject") == [("2026-03-12", "3H1", "Frans")]
    assert where(problems) == [
        ("google_3h2.ics", 1, "group", "Engels PO: betoog inleveren in Teams"),
        ("google_3h2.ics", 2, "group", "wiskunde A proefwerk H5"),
        ("google_3h2.ics", 4, "group", "biologie SO: woordjes hoofdstuk 6"),
        ("google_3h2.ics", 5, "group", "geschiedenis toets H3"),
    ]
    assert problems[0].message == problem("ical_no_group_in_event", "nl")


def test_subject_pattern_without_a_group_takes_the_whole_match_and_vak_line_wins(
    tmp_path: Path,
) -> None:
    config = school('[import.ical]\nsubject_pattern = "(?i)wiskunde [AB]"\n')
    path = calendar(
        tmp_path / "vak.ics",
        ["SUMMARY:2A PW Wiskunde B: H3", "DTSTART;VALUE=DATE:20260310"],
        ["SUMMARY:2A PW H4", "DESCRIPTION:Vak: natuurkunde", "DTSTART;VALUE=DATE:20260311"],
    )
    table, problems = read_ical_plan(path, config)
    assert problems == []
    assert table["subject"].tolist() == ["Wiskunde B", "natuurkunde"]


def test_kind_words_count_in_categories_and_import_columns_in_descriptions(
    tmp_path: Path,
) -> None:
    config = school(
        '[import]\ncolumns = { "Toetsvorm" = "kind", "Leraar" = "teacher" }\n'
        '[import.ical]\nkind_words = { "Eindopdracht" = "po" }\n'
    )
    path = calendar(
        tmp_path / "se.ics",
        ["SUMMARY:5V Engels", "CATEGORIES:EINDOPDRACHT", "DTSTART;VALUE=DATE:20260310"],
        [
            "SUMMARY:5V Duits: Hörverstehen",
            "DESCRIPTION:Toetsvorm: SO\\nLeraar: MUL",
            "DTSTART;VALUE=DATE:20260311",
        ],
    )
    table, problems = read_ical_plan(path, config)
    assert problems == []
    assert rows(table, "group", "subject", "kind", "teacher") == [
        ("5V", "Engels", "po", ""),
        ("5V", "Duits", "so", "MUL"),
    ]


# --- group names -----------------------------------------------------------------------------


def test_dutch_group_names_and_what_only_looks_like_one(tmp_path: Path) -> None:
    path = calendar(
        tmp_path / "groepen.ics",
        ["SUMMARY:Engels HW 1E: H3 opgaven 12", "DTSTART;VALUE=DATE:20260309"],
        ["SUMMARY:wiskunde PW 1e uur", "DTSTART;VALUE=DATE:20260309"],
        ["SUMMARY:economie SO 4v.eco1: H2 opgaven 7", "DTSTART;VALUE=DATE:20260310"],
        ["SUMMARY:Frans PW 4K1", "DTSTART;VALUE=DATE:20260310"],
        ["SUMMARY:wiskunde PW 2B: H3 §3a en 4b", "DTSTART;VALUE=DATE:20260311"],
        ["SUMMARY:Toets: Engels 4havo", "DTSTART;VALUE=DATE:20260311"],
        ["SUMMARY:nask 2A\\, 2B en 2C SO: krachten", "DTSTART;VALUE=DATE:20260312"],
        ["SUMMARY:PW 5v.n&t2 natuurkunde", "DTSTART;VALUE=DATE:20260312"],
        head=("X-WR-CALNAME:Toetsen 2D",),
    )
    table, problems = read_ical_plan(path, school())
    assert problems == []
    assert rows(table, "group", "subject", "kind", "title") == [
        ("1E", "Engels", "huiswerk", "H3 opgaven 12"),  # 1E is a class, 1e an ordinal
        ("2D", "wiskunde", "proefwerk", "wiskunde PW 1e uur"),
        ("4v.eco1", "economie", "so", "H2 opgaven 7"),
        ("4K1", "Frans", "proefwerk", "Frans PW 4K1"),
        ("2B", "wiskunde", "proefwerk", "H3 §3a en 4b"),  # the title names no groups
        ("4havo", "Engels", "proefwerk", "Engels"),
        ("2A", "nask", "so", "krachten"),
        ("2B", "nask", "so", "krachten"),
        ("2C", "nask", "so", "krachten"),
        ("5v.n&t2", "natuurkunde", "proefwerk", "PW 5v.n&t2 natuurkunde"),
    ]


# --- subjects --------------------------------------------------------------------------------


def test_a_bracketed_kind_first_is_not_the_subject(tmp_path: Path) -> None:
    path = calendar(
        tmp_path / "haakjes.ics",
        ["SUMMARY:[SO] H4a wisA: hoofdstuk 3", "DTSTART;VALUE=DATE:20260309"],
        ["SUMMARY:[SO] 2A wiskunde: H3", "DTSTART;VALUE=DATE:20260310"],
        ["SUMMARY:(PW) 2A wiskunde: H3", "DTSTART;VALUE=DATE:20260311"],
        # the `(` is a bracket, not a separator: `3b` in the title is no group
        ["SUMMARY:(PW) 2B Frans: H3 §2a\\, 3b", "DTSTART;VALUE=DATE:20260312"],
        ["SUMMARY:[PW]: 2C natuurkunde H4", "DTSTART;VALUE=DATE:20260313"],
    )
    table, problems = read_ical_plan(path, school())
    assert problems == []
    assert rows(table, "group", "subject", "kind", "title") == [
        ("H4a", "wisA", "so", "hoofdstuk 3"),
        ("2A", "wiskunde", "so", "H3"),
        ("2A", "wiskunde", "proefwerk", "H3"),
        ("2B", "Frans", "proefwerk", "H3 §2a, 3b"),
        ("2C", "natuurkunde", "proefwerk", "natuurkunde H4"),
    ]
    table, _ = read_ical_plan(FIXTURES / "eigen_codes.ics", school())
    assert table["subject"].tolist() == ["wisA", "wisA", "wiskunde"]


def test_a_subject_without_a_letter_is_no_subject(tmp_path: Path) -> None:
    path = calendar(
        tmp_path / "leeg_vak.ics",
        ["SUMMARY:[SO] 2A :", "DTSTART;VALUE=DATE:20260309"],
        ["SUMMARY:2A SO + : formules", "DTSTART;VALUE=DATE:20260310"],
        ["SUMMARY:2A SO", "DESCRIPTION:Vak: -", "DTSTART;VALUE=DATE:20260311"],
        # a `Vak:` line without a letter leaves the subject to SUMMARY
        ["SUMMARY:biologie SO 2A", "DESCRIPTION:Vak: 12", "DTSTART;VALUE=DATE:20260312"],
    )
    table, problems = read_ical_plan(path, school())
    assert rows(table, "group", "subject", "kind") == [("2A", "biologie", "so")]
    assert where(problems) == [
        ("leeg_vak.ics", 1, "subject", "[SO] 2A :"),
        ("leeg_vak.ics", 2, "subject", "2A SO + : formules"),
        ("leeg_vak.ics", 3, "subject", "2A SO"),
    ]
    assert {p.message for p in problems} == {problem("event_no_subject", "nl")}


# --- times and zones -------------------------------------------------------------------------


def test_zones_other_than_amsterdam(tmp_path: Path) -> None:
    path = calendar(
        tmp_path / "zones.ics",
        # an unknown zone and a floating time are read as written
        ["SUMMARY:Frans SO", "DTSTART;TZID=Nergens/Zone:20260309T083000"],
        ["SUMMARY:Duits SO", "DTSTART:20260309T083000"],
        # a vendor path (Thunderbird, Evolution) around an IANA name
        ["SUMMARY:ak SO", "DTSTART;TZID=/mozilla.org/20070129_1/Europe/Helsinki:20260309T083000"],
        # a zone the file defines itself, for a single event and a series
        ["SUMMARY:bi SO", "DTSTART;TZID=Schoolzone:20260309T083000"],
        [
            "SUMMARY:gs SO",
            "DTSTART;TZID=Schoolzone:20260309T083000",
            "DTEND;TZID=Schoolzone:20260309T092000",
            "RRULE:FREQ=DAILY;COUNT=2",
        ],
        head=(
            "X-WR-CALNAME:Toetsen 2A",
            "BEGIN:VTIMEZONE",
            "TZID:Schoolzone",
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            "TZOFFSETFROM:+0300",
            "TZOFFSETTO:+0300",
            "END:STANDARD",
            "END:VTIMEZONE",
        ),
    )
    table, problems = read_ical_plan(path, school())
    assert problems == []
    assert rows(table, "subject", "date", "start", "end") == [
        ("Frans", "2026-03-09", "08:30", ""),
        ("Duits", "2026-03-09", "08:30", ""),
        ("ak", "2026-03-09", "07:30", ""),  # 08:30 in Helsinki
        ("bi", "2026-03-09", "06:30", ""),  # 08:30 at UTC+3
        ("gs", "2026-03-09", "06:30", "07:20"),
        ("gs", "2026-03-10", "06:30", "07:20"),
    ]


def test_x_wr_timezone_gives_utc_times_the_calendar_zone(tmp_path: Path) -> None:
    events = (["SUMMARY:Engels PO 2A", "DTSTART:20260309T233000Z"],)
    london = calendar(tmp_path / "london.ics", *events, head=("X-WR-TIMEZONE:Europe/London",))
    plain = calendar(tmp_path / "plain.ics", *events)
    for path, expected in ((london, ("2026-03-09", "23:30")), (plain, ("2026-03-10", "00:30"))):
        table, problems = read_ical_plan(path, school())
        assert problems == [] and rows(table, "date", "start") == [expected]


# --- encodings and lines ---------------------------------------------------------------------


def test_utf16_and_a_line_in_windows_1252_among_utf8_lines(tmp_path: Path) -> None:
    event = ("BEGIN:VEVENT", "UID:u1", "DTSTART;VALUE=DATE:20260310")
    end = ("END:VEVENT", "END:VCALENDAR")
    utf16 = tmp_path / "utf16.ics"
    text = "\r\n".join(("BEGIN:VCALENDAR", *event, "SUMMARY:2A Frans SO: Leçon – été", *end))
    utf16.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    mixed = tmp_path / "mixed.ics"
    mixed.write_bytes(
        "\r\n".join(("BEGIN:VCALENDAR", "X-WR-CALNAME:Agenda van Renée", *event)).encode()
        + "\r\nSUMMARY:2A Frans SO: Leçon – été\r\n".encode("cp1252")
        + "\r\n".join(end).encode()
    )
    for path in (utf16, mixed):
        table, problems = read_ical_plan(path, school())
        assert problems == [] and table["title"].tolist() == ["Leçon – été"]


def test_lf_line_endings_and_folds_with_a_tab(tmp_path: Path) -> None:
    path = write(
        tmp_path / "lf.ics",
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "UID:lf",
        "DTSTART;VALUE=DATE:20",
        " 260310",
        "SUMMARY:2A aardrijks",
        "\tkunde PW: klimaat",
        "END:VEVENT",
        "END:VCALENDAR",
        eol="\n",
    )
    table, problems = read_ical_plan(path, school())
    assert problems == []
    assert rows(table, "date", "subject", "title") == [("2026-03-10", "aardrijkskunde", "klimaat")]


# --- limits ----------------------------------------------------------------------------------


def test_a_runaway_series_is_a_problem_not_a_million_rows(tmp_path: Path) -> None:
    path = calendar(
        tmp_path / "vaak.ics",
        ["SUMMARY:2A wiskunde SO", "DTSTART:20260309T083000Z", "RRULE:FREQ=MINUTELY"],
        ["SUMMARY:2A Engels HW", "DTSTART;VALUE=DATE:20260309", "RRULE:FREQ=DAILY;COUNT=5"],
    )
    table, problems = read_ical_plan(path, school())
    assert rows(table, "date", "subject") == [
        (f"2026-03-{day:02d}", "Engels") for day in range(9, 14)
    ]
    assert where(problems) == [("vaak.ics", 1, "date", "2A wiskunde SO")]
    assert problems[0].message == problem("ical_too_often", "nl", limit=1000)


def test_more_occurrences_than_max_rows_is_invalid_input(tmp_path: Path) -> None:
    path = calendar(
        tmp_path / "veel.ics",
        ["SUMMARY:2A Engels HW", "DTSTART;VALUE=DATE:20260309", "RRULE:FREQ=DAILY;COUNT=5"],
    )
    with pytest.raises(InvalidInput, match=r"veel\.ics.*too many rows: 5 \(at most 4"):
        read_ical_plan(path, school("[import]\nmax_rows = 4\n"))


def test_a_cancelled_series_without_an_end_is_dropped_without_a_school_year(
    tmp_path: Path,
) -> None:
    path = calendar(
        tmp_path / "afgelast.ics",
        [
            "SUMMARY:2A Engels HW",
            "DTSTART;VALUE=DATE:20260605",
            "RRULE:FREQ=WEEKLY",
            "STATUS:CANCELLED",
        ],
        ["SUMMARY:2A Frans SO", "DTSTART;VALUE=DATE:20260310"],
    )
    table, problems = read_ical_plan(path, school(year=False))
    assert [p.message for p in problems] == [CANCELLED.format(count=1)]
    assert rows(table, "date", "subject") == [("2026-03-10", "Frans")]
