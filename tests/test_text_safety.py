"""Text from data is text: titles, subjects, groups, teachers, notes, plan and file names never
become Markdown or HTML on a page (no link, image, emphasis, heading, tag, live bare URL or
e-mail address, no block from a line break); every CSV the planner writes is safe to open in a
spreadsheet and reads back as it was written; an uploaded file's name is a base name before it
touches the file system."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import BASE_TOML, make_config, make_plan
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from app_pages.words import md_escape
from planner.check import check
from planner.exporters.to_csv import members_csv, plan_csv, table_csv
from planner.importers import read_file, read_members
from planner.importers.upload import read_upload
from planner.services import decide
from planner.storage import Store

APP = str(Path(__file__).parent.parent / "streamlit_app.py")
ZERO_WIDTH = "\u200b"

# Every shape Markdown (GitHub-flavoured, as Streamlit renders it) would act on.
HOSTILE = (
    "**bold** [x](http://evil) ![i](http://evil/i.png) <b>x</b> http://evil.example a@b.nl "
    "www.evil.example :material/home: $x$ `kode` ~~s~~ | a | # heading\n- item\nline2"
)
PLAN = "Planx **p** [p](http://evil)"
GROUP = "**2A**<b>x"  # a group has no spaces, commas or slashes (they separate groups)
FILE = "[f](http://evil)**f**.csv"
PERSON = "a@b.nl **boss**"
PUPIL = "**p1**"
WEEK = "Toetsweek **1** [w](http://evil)"
# The test week holds every group; the school's own name is hostile too.
TOML = BASE_TOML.format(
    calendar=f'\n[[calendar.test_weeks]]\nname = "{WEEK}"\nstart = 2026-03-23\n'
    'end = 2026-03-27\ngroups = ["*"]\n'
).replace('"Testschool"', '"School **s** [s](http://evil)"')


# --- the helper -------------------------------------------------------------------------------


def rendered(markdown: str) -> str:
    """What a CommonMark renderer (with GFM tables and strike-through) makes of a text."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def shown_text(markdown: str) -> str:
    """The text a reader sees: the rendering without its paragraph, entities undone."""
    out = rendered(markdown).strip()
    out = out.removeprefix("<p>").removesuffix("</p>")
    return html.unescape(out).replace(ZERO_WIDTH, "")


def test_md_escape_turns_every_markdown_shape_into_its_literal_text() -> None:
    escaped = md_escape(HOSTILE)
    out = rendered(escaped)
    assert out.count("<p>") == 1 and "\n<" not in out.strip()  # one paragraph, no other block
    for tag in ("<a", "<img", "<strong", "<em", "<b>", "<h1", "<code", "<s>", "<del", "<table"):
        assert tag not in out, (tag, out)
    assert "<li" not in out and "<ul" not in out
    # the same characters on screen, the line breaks as spaces
    assert shown_text(escaped) == " ".join(HOSTILE.split())
    # nothing a linkifier or Streamlit's icon and emoji codes could pick up
    for shape in ("http://", "www.", "a@b.nl", ":material/home:"):
        assert shape not in escaped


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. item", "1\\. item"),
        ("3) item", "3\\) item"),
        ("=====", "\\====="),
        ("# heading", "\\# heading"),
        ("> quote", "\\> quote"),
        ("a\\b", "a\\\\b"),
        ("Wiskunde H3 2025-2026 plan.csv 10.5 -5 punten", None),
        ("a\r\n\r\n   b\tc", "a b c"),
        ("", ""),
    ],
)
def test_md_escape_on_one_shape(text: str, expected: str | None) -> None:
    """Line starts are escaped; ordinary text (dates, numbers, file names) stays as it is."""
    assert md_escape(text) == (text if expected is None else expected)


def test_md_escape_of_a_number_and_of_nothing() -> None:
    assert md_escape(12.5) == "12.5"
    assert md_escape(None) == "None"


@given(st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=60))
def test_any_text_renders_as_itself(text: str) -> None:
    """Whatever a file brings, the reader sees exactly that text (spaces collapsed; a NUL
    character is the renderer's replacement character, as CommonMark says)."""
    escaped = md_escape(text)
    out = rendered(escaped)
    assert out.count("<p>") <= 1
    assert re.sub(r"</?p>", "", out).count("<") == 0, out
    assert shown_text(escaped) == " ".join(text.split())


# --- every page -------------------------------------------------------------------------------


def hostile_store(url: str) -> None:
    """A plan whose every text comes from a hostile file: three tests on one day for one group
    (a finding about them), tests in the test week, a pupil, a decision with a note."""
    config = make_config()
    subjects = [f"vak{i} {HOSTILE}" for i in range(1, 4)]
    rows = [("2026-03-10", GROUP, s, "PW") for s in subjects]
    rows += [("2026-03-24", GROUP, "en", "PW"), ("2026-03-25", GROUP, "fa", "PW")]
    plan = make_plan(rows, config, title=HOSTILE, teacher=HOSTILE, notes=HOSTILE)
    members = pd.DataFrame({"pupil": [PUPIL, "p2"], "group": [GROUP, GROUP]})
    with Store(url) as store:
        store.create_plan(PLAN, person=PERSON, config_toml=TOML)
        store.upload(PLAN, plan.assessments, file_name=FILE, person=PERSON)
        store.upload_members(PLAN, members, file_name=FILE, person=PERSON)
        checked = check(plan, store.config_of(PLAN)[1], members=members)
        finding = checked.frame[checked.frame["pupil"].isna()].iloc[0]
        decide(store, PLAN, finding, status="todo", note=HOSTILE, person=PERSON)


@pytest.fixture
def hostile_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "hostile.db"
    hostile_store(str(path))
    monkeypatch.setenv("TOETSPLANNER_DB", str(path))
    yield path


def open_page(page: str, lang: str = "nl") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["person"] = PERSON
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def bodies(at: AppTest) -> list[str]:
    """Every text on the page that Streamlit renders as Markdown: the text elements, the
    callouts, and the labels of expanders, tabs, metrics and widgets."""
    out: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader"):
        out += [str(e.value) for e in at.get(kind)]
    for kind in ("info", "success", "warning", "error", "toast"):
        out += [str(e.value) for e in at.get(kind)]
    out += [str(e.label) for e in at.expander]
    out += [str(e.label) for e in at.tabs]
    out += [str(e.label) for e in at.metric]
    for kind in ("selectbox", "multiselect", "text_input", "text_area", "button", "radio"):
        out += [str(getattr(e, "label", "")) for e in at.get(kind)]
    out += [str(o) for e in at.radio for o in e.options]
    return out


def unescaped(body: str) -> str:
    """The body without its escaped characters (to find the words of the data in it)."""
    return re.sub(r"\\.", "", body, flags=re.S)


# A word of the data, and how it reads on screen when it is shown as text.
LITERAL = {
    "bold": "**bold**",
    "evil/i.png": "![i](http://evil/i.png)",
    "heading": "# heading",
    "kode": "`kode`",
    "2A": "**2A**<b>x",
    "boss": "a@b.nl **boss**",
    "Planx": PLAN,
}


def assert_literal(body: str) -> None:
    """Rendered, the body has no link, image, heading, code, strike-through, table or HTML tag
    from the data, and every piece of data in it reads as its own characters."""
    out = rendered(body)
    for tag in ("<a ", "<img", "<h1", "<code", "<del", "<s>", "<table", "<b>"):
        assert tag not in out, (tag, body)
    text = html.unescape(out).replace(ZERO_WIDTH, "")
    for word, literal in LITERAL.items():
        if word in text:
            assert literal in text, (literal, body)
    for shape in ("http://", "www.evil", "a@b.nl", ":material/home:"):
        assert shape not in body, (shape, body)
    assert "\nline2" not in body and "\n- item" not in body, body


def html_of(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in at.get("html"))


# What each page shows of the plan's text in Markdown (the escaped form, without backslashes).
SHOWN = {
    "overview": (),
    "findings": ("bold", "2A", "vak1"),  # the finding's sentence, group, decision and note
    "calendar": (),  # the calendar itself is HTML (checked below)
    "pupils": (),
    "edit": (),
    "testweek": (),
    "meeting": ("bold", "2A", "boss", "Planx"),  # plan name, groups, decisions
    "upload": (),
    "rules": (),
}


@pytest.mark.parametrize("page", list(SHOWN))
def test_no_page_renders_text_from_data_as_markdown(hostile_db: Path, page: str) -> None:
    at = open_page(f"app_pages/{page}.py")
    texts = bodies(at)
    for body in texts:
        assert_literal(body)
    joined = unescaped("\n".join(texts))
    for word in SHOWN[page]:
        assert word in joined, (page, word)


def test_the_calendar_escapes_its_html_and_names_a_pupils_groups_as_text(hostile_db: Path) -> None:
    at = open_page("app_pages/calendar.py")
    at.selectbox(key="page.calendar.week").set_value(dt.date(2026, 3, 9)).run()
    page = html_of(at)
    assert "vak1" in page  # the week with the three tests
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    at.radio(key="page.calendar.mode").set_value("pupil").run()
    at.selectbox(key="page.calendar.pupil").set_value(PUPIL).run()
    assert not at.exception
    texts = bodies(at)
    for body in texts:
        assert_literal(body)
    assert any("\\*\\*2A\\*\\*" in body for body in texts)


def test_a_refused_edit_names_its_row_as_text(hostile_db: Path) -> None:
    at = open_page("app_pages/edit.py")
    editor = at.data_editor[0]
    at.session_state[editor.key] = {
        "edited_rows": {0: {"weight": -1}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("vak" in w and "\\*\\*bold\\*\\*" in w for w in warnings), warnings
    for body in bodies(at):
        assert_literal(body)


def test_the_test_week_names_its_week_and_kinds_as_text(hostile_db: Path) -> None:
    at = open_page("app_pages/testweek.py")
    assert at.selectbox(key="page.testweek.week").value == WEEK  # a select box shows text
    at.number_input(key="page.testweek.seconds").set_value(1)
    at.button(key="page.testweek.go").click().run()
    assert not at.exception
    for body in bodies(at):
        assert_literal(body)


def test_uploaded_file_names_and_headers_are_text(hostile_db: Path) -> None:
    at = open_page("app_pages/upload.py")
    hostile = "**a** [b](http://evil) <b>x</b>"
    unknown = f"{hostile},wanneer,wie,wat,hoe\n1,2026-03-10,2A,wi,PW\n".encode()
    known = b"datum,klas,vak,soort\n10-03-2026,2A,wi,PW\n"
    uploader = next(u for u in at.file_uploader if u.key and ".files." in u.key)
    uploader.set_value(  # type: ignore[attr-defined]
        [
            ("../../evil **x** [f](www.evil.example) a@b.nl.csv", known, "text/csv"),
            ("C:\\x\\columns **y**.csv", unknown, "text/csv"),
        ]
    ).run()
    assert not at.exception
    texts = bodies(at)
    for body in texts:
        assert_literal(body)
    joined = "\n".join(texts)
    # the file name, without its folders, as text
    assert f"**{md_escape('evil **x** [f](www.evil.example) a@b.nl.csv')}**" in joined
    assert "../" not in joined and "C:\\\\x" not in joined
    # the mapping step's select boxes are labelled with the file's own headers, as text
    labels = [s.label for s in at.selectbox if s.key and ".map." in s.key]
    assert md_escape(hostile) in labels


# --- CSV files --------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","y")', "-5 punten", "+1", "@home", "\tTAB", "=1+2"]


def test_a_plan_csv_reads_back_as_it_was_written(tmp_path: Path) -> None:
    """Export -> import changes nothing: the protective quotes come off again, and a teacher's
    own apostrophe stays."""
    config = make_config()
    titles = [*FORMULAS, "'s middags", "'t Gooi", "''=x"]
    rows = [("2026-03-10", "2A", "wi", "PW")] * len(titles)
    plan = make_plan(rows, config, title=titles, teacher="@juf", notes="-")
    written = plan_csv(plan.assessments)
    for line in written.splitlines()[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in line.split(","))
    path = tmp_path / "plan.csv"
    path.write_text(written, encoding="utf-8")
    back, problems = read_file(path, config)
    assert problems == []
    content = [c for c in back.columns if c not in ("source", "row")]
    pd.testing.assert_frame_equal(back[content], plan.assessments[content])
    assert back["title"].tolist()[:6] == ["=HYPERLINK(\"http://x\",\"y\")", "-5 punten", "+1",
                                          "@home", "TAB", "=1+2"]  # fmt: skip
    assert back["title"].tolist()[6:] == ["'s middags", "'t Gooi", "''=x"]
    assert plan_csv(back) == written.replace("test.csv", "plan.csv")


def test_a_members_csv_reads_back_as_it_was_written(tmp_path: Path) -> None:
    members = pd.DataFrame({"pupil": ["=1+2", "p2"], "group": ["-2A", "@b"]})
    path = tmp_path / "members.csv"
    path.write_text(members_csv(members), encoding="utf-8")
    back, problems = read_members(path)
    assert problems == []
    assert sorted(zip(back["pupil"], back["group"], strict=True)) == [("=1+2", "-2A"), ("p2", "@b")]


def test_table_csv_protects_text_and_leaves_numbers_and_dates() -> None:
    frame = pd.DataFrame(
        {
            "pupil": ['=HYPERLINK("http://x","y")', "p2"],
            "day": [dt.date(2026, 3, 24), dt.date(2026, 3, 25)],
            "session": [1, -2],
            "exam": ["@home", None],
            "weight": [float("nan"), 0.5],
        }
    )
    assert table_csv(frame).splitlines() == [
        "pupil,day,session,exam,weight",
        '"\'=HYPERLINK(""http://x"",""y"")",2026-03-24,1,\'@home,',
        "p2,2026-03-25,-2,,0.5",
    ]


def test_the_test_week_csv_per_pupil_is_protected(tmp_path: Path) -> None:
    """`planner timetable ... --pupils` writes the per-pupil timetable with protected cells."""
    from planner.cli import main

    config_path = tmp_path / "school.toml"
    config_path.write_text(TOML.replace(WEEK, "Toetsweek"), encoding="utf-8")
    plan_path = tmp_path / "plan.csv"
    plan_path.write_text(
        "datum,klas,vak,soort\n"
        '24-03-2026,2A,"=HYPERLINK(""http://x"",""y"")",PW\n'
        "25-03-2026,2A,@home,PW\n",
        encoding="utf-8",
    )
    members_path = tmp_path / "members.csv"
    members_path.write_text("leerling,klas\n-1,2A\np2,2A\n", encoding="utf-8")
    out = tmp_path / "pupils.csv"
    args = ["timetable", str(plan_path), "--school", str(config_path), "--week", "Toetsweek"]
    args += ["--members", str(members_path), "--pupils", str(out), "--steps", "1000"]
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["pupil", "day", "session", "exam"] and len(rows) == 5
    cells = [cell for row in rows[1:] for cell in row]
    assert "'-1" in cells and "-1" not in cells
    assert '\'=HYPERLINK("http://x","y") proefwerk 2a' in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells), cells


# --- uploaded file names ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../../evil.csv", "/ABS/abs.csv", "..\\..\\evil.csv"])
def test_an_upload_is_written_under_its_base_name_only(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upload's bytes go to a temporary folder under the file's base name: never to a path
    the browser made up (`../../`, an absolute path)."""
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    name = name.replace("/ABS", str(tmp_path))
    content = b"datum,klas,vak,soort\n10-03-2026,2A,wi,PW\n"
    read = read_upload(name, content, make_config())
    assert read.ok and read.name == name.replace("\\", "/").rsplit("/", 1)[-1]
    assert [p for p in tmp_path.rglob("*.csv")] == []
    assert list(deep.iterdir()) == []  # the temporary folder is gone too


def test_the_timetable_upload_on_the_edit_page_keeps_to_its_folder(
    hostile_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / "up" / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    at = open_page("app_pages/edit.py")
    uploader = next(u for u in at.file_uploader if u.key and u.key.endswith("suggest.upload"))
    lessons = b"klas,vak,dag,lesuur\n2A,wi,di,3\n"
    uploader.set_value(("../../evil.csv", lessons, "text/csv")).run()  # type: ignore[attr-defined]
    at.button(key="page.edit.suggest.save_file").click().run()
    assert not at.exception
    assert [p for p in (tmp_path / "up").rglob("*.csv")] == []
    with Store(str(hostile_db)) as store:
        names = [u.file_name for u in store.uploads(PLAN)]
    assert "evil.csv" in names and not any(".." in n for n in names)
