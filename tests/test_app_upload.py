"""The upload page: the sample files into an empty store (a new plan) and into the sample
school's plan, bad files and bad rows, the column-mapping form, and who may save."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE_DIR, SAMPLE_PLAN
from streamlit.testing.v1 import AppTest

from planner.storage import Store

APP = str(Path(__file__).parent.parent / "streamlit_app.py")
PAGE = "app_pages/upload.py"
SAMPLE_FILES = ("plan.csv", "plan-4havo.xlsx", "plan-2a.ics", "members.csv")
ROWS = {"plan.csv": 2911, "plan-4havo.xlsx": 101, "plan-2a.ics": 61, "members.csv": 1250}


def open_page(person: str = "Tester", lang: str = "nl") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["person"] = person
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def files_uploader(at: AppTest, name: str = "files") -> object:
    return next(u for u in at.file_uploader if u.key and f".{name}." in u.key)


def upload(at: AppTest, files: list[tuple[str, bytes]], name: str = "files") -> None:
    uploader = files_uploader(at, name)
    value = [(n, c, "application/octet-stream") for n, c in files]
    uploader.set_value(value if name == "files" else value[0]).run()  # type: ignore[attr-defined]
    assert not at.exception


def sample_files(names: tuple[str, ...] = SAMPLE_FILES) -> list[tuple[str, bytes]]:
    return [(n, (SAMPLE_DIR / n).read_bytes()) for n in names]


def save(at: AppTest) -> list[str]:
    at.button(key="page.upload.save").click().run()
    assert not at.exception
    return [s.value for s in at.success]


def texts(elements: object) -> str:
    return "\n".join(str(e.value) for e in elements)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_renders_on_the_sample_school(sample_db: Path, lang: str) -> None:
    at = open_page(lang=lang)
    assert at.selectbox(key="page.upload.target").value == SAMPLE_PLAN
    earlier = at.dataframe[-1].value
    assert len(earlier) == 4
    assert ("bestand" if lang == "nl" else "file") in earlier.columns
    assert at.button(key="page.upload.save").disabled  # no files yet


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_renders_on_an_empty_store(empty_db: Path, lang: str) -> None:
    at = open_page(lang=lang)
    assert at.selectbox(key="page.upload.target").value != SAMPLE_PLAN  # the "new plan" choice
    label = at.text_input(key="page.upload.new_name").label
    assert label == ("Naam van het nieuwe plan" if lang == "nl" else "Name of the new plan")


def test_every_sample_file_into_a_new_plan_in_an_empty_store(empty_db: Path) -> None:
    at = open_page()
    at.text_input(key="page.upload.new_name").input("Proef 2025-2026").run()
    upload(at, sample_files())
    summaries = texts(at.markdown)
    assert "plan.csv**  \nplanning: 2911 rijen gelezen, 0 niet gelezen" in summaries
    assert "593 leerlingen in 1250 lidmaatschappen" in summaries
    stored = save(at)
    assert stored[0] == "Plan 'Proef 2025-2026' aangemaakt."
    for name in SAMPLE_FILES:
        what = "lidmaatschappen" if name == "members.csv" else "rijen"
        assert any(
            s.startswith(f"{name}: {ROWS[name]} {what} opgeslagen, 0 vervangen") for s in stored
        )
    assert at.session_state["plan"] == "Proef 2025-2026"  # the sidebar shows the new plan
    with Store(str(empty_db)) as store:
        plan = store.load("Proef 2025-2026")
        assert [u.file_name for u in store.uploads("Proef 2025-2026")] == list(SAMPLE_FILES)
        assert {u.person for u in store.uploads("Proef 2025-2026")} == {"Tester"}
    assert plan.members is not None and plan.members["pupil"].nunique() == 593
    assert len(plan.plan.assessments) == 2911  # the xlsx and ics repeat part of plan.csv
    assert plan.config.name == "School"  # the Dutch defaults


def test_every_sample_file_again_into_the_sample_plan(sample_db: Path) -> None:
    at = open_page(lang="en")
    upload(at, sample_files())
    stored = save(at)
    for name in SAMPLE_FILES:
        n = ROWS[name]
        what = "memberships" if name == "members.csv" else "rows"
        assert any(s.startswith(f"{name}: {n} {what} stored, {n} replaced") for s in stored), stored
    with Store(str(sample_db)) as store:
        uploads = store.uploads(SAMPLE_PLAN)
    assert len(uploads) == 8
    # Stored files leave the uploader; the earlier-uploads table shows them.
    assert not files_uploader(at).value  # type: ignore[attr-defined]
    assert len(at.dataframe[-1].value) == 8


def test_a_new_plan_with_its_school_toml(empty_db: Path) -> None:
    at = open_page()
    at.text_input(key="page.upload.new_name").input("Met regels").run()
    toml = (SAMPLE_DIR / "school.toml").read_bytes()
    at.file_uploader(key="page.upload.school").set_value(
        ("school.toml", toml, "application/toml")
    ).run()
    assert "Voorbeeldcollege" in texts(at.caption)
    upload(at, sample_files(("plan-2a.ics",)))
    save(at)
    with Store(str(empty_db)) as store:
        toml_text, config = store.config_of("Met regels")
    assert config.name == "Voorbeeldcollege" and toml_text == toml.decode()


def test_a_bad_school_toml_is_an_error_and_nothing_is_read(empty_db: Path) -> None:
    at = open_page(lang="en")
    at.text_input(key="page.upload.new_name").input("X").run()
    bad = b"[rules.tests-per-day]\nmax = -1\n"
    at.file_uploader(key="page.upload.school").set_value(("s.toml", bad, "text/plain")).run()
    assert not at.exception
    assert "s.toml, key 'rules.tests-per-day.max'" in texts(at.error)
    assert at.button(key="page.upload.save").disabled


def test_a_bad_file_shows_its_message_and_the_good_file_is_still_stored(sample_db: Path) -> None:
    at = open_page()
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    rows = (
        b"datum;klas;vak;soort;docent\n"
        b"10-03-2026;2A;wiskunde;PW;ABC\n"
        b"31-02-2026;2A;wiskunde;SO;ABC\n"
    )
    upload(at, [("rooster.csv", pdf), ("wiskunde-2a.csv", rows)])
    errors = texts(at.error)
    assert errors.startswith("rooster.csv: ")
    problems = at.dataframe[-2].value  # the problems of wiskunde-2a.csv, before earlier uploads
    assert problems[["rij", "kolom", "waarde"]].values.tolist() == [[3, "date", "31-02-2026"]]
    stored = save(at)
    assert any(s.startswith("wiskunde-2a.csv: 1 rijen opgeslagen") for s in stored)
    assert "rooster.csv: niet opgeslagen" in texts(at.warning)
    with Store(str(sample_db)) as store:
        last = store.uploads(SAMPLE_PLAN)[-1]
    assert (last.file_name, last.rows, len(last.problems)) == ("wiskunde-2a.csv", 1, 1)


def test_columns_that_are_not_recognised_are_mapped_in_a_form(sample_db: Path) -> None:
    at = open_page(lang="en")
    content = b"Toetsmoment;Lesgroep;Vak;Toetsvorm\n10-03-2026;2A;wiskunde;PW\n"
    upload(at, [("eigen.csv", content)])
    assert "were not recognised" in texts(at.warning)
    assert "missing required column(s) date" in texts(at.error)
    assert at.button(key="page.upload.save").disabled
    date = at.selectbox(key="page.upload.map.eigen.csv.0")
    assert date.label == "Toetsmoment" and date.value == ""
    date.set_value("date")
    next(b for b in at.button if b.label == "Read again with these columns").click().run()
    assert not at.exception
    assert not at.error
    assert "Toetsmoment" in texts(at.code)  # the lines for school.toml
    assert "1 rows stored" in save(at)[0]


def test_teacher_replace_mode_is_recorded(sample_db: Path) -> None:
    # 2A's calendar holds 61 tests of teachers who have 771 in the plan (their other classes
    # too): replacing by teacher and subject takes the explicit "replace anyway".
    at = open_page()
    at.radio(key="page.upload.replace").set_value("teacher").run()
    upload(at, sample_files(("plan-2a.ics",)))
    assert save(at) == []
    assert "771 rijen" in texts(at.error) and "maar 61" in texts(at.error)
    at.button(key="page.upload.anyway.0").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("plan-2a.ics: 61 rijen opgeslagen, 771 vervangen")
    with Store(str(sample_db)) as store:
        assert store.uploads(SAMPLE_PLAN)[-1].replace == "teacher"


LINES = 2886  # plan.csv's lines, each an import problem when unreadable (they make 2911 rows)


def unreadable_plan_csv() -> bytes:
    """The sample plan.csv with every date unreadable: every line is an import problem."""
    lines = (SAMPLE_DIR / "plan.csv").read_text(encoding="utf-8").splitlines()
    return "\n".join([lines[0], *("31-02-2026" + line[10:] for line in lines[1:])]).encode()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_re_upload_without_readable_rows_is_refused_until_the_person_chooses(
    sample_db: Path, lang: str
) -> None:
    at = open_page(lang=lang)
    upload(at, [("plan.csv", unreadable_plan_csv())])
    assert save(at) == []
    (refusal,) = at.error
    if lang == "nl":
        assert refusal.value == (
            "plan.csv: niet opgeslagen, er is niets veranderd: opgeslagen zijn 2911 rijen die "
            "dit bestand zou vervangen, het bestand heeft er maar 0 die te lezen zijn (minder dan "
            "de helft)"
        )
    else:
        assert "nothing was changed: 2911 rows are stored" in refusal.value
        assert "has only 0 that can be read" in refusal.value
    problems = next(d.value for d in at.dataframe if len(d.value) == LINES)  # each one listed
    assert problems.iloc[0].tolist()[:2] == ["plan.csv", 2]
    labels = {
        "nl": ("Vervang toch", "Laat het plan zo"),
        "en": ("Replace anyway", "Keep the plan as it is"),
    }
    assert at.button(key="page.upload.anyway.0").label == labels[lang][0]
    assert at.button(key="page.upload.keep.0").label == labels[lang][1]
    with Store(str(sample_db)) as store:
        assert len(store.uploads(SAMPLE_PLAN)) == 4
        assert len(store.load(SAMPLE_PLAN).plan.assessments) == 2911
    at.button(key="page.upload.keep.0").click().run()  # the plan stays as it was
    assert not at.exception and not at.error
    assert not [b for b in at.button if b.key and ".anyway." in b.key]
    with Store(str(sample_db)) as store:
        assert len(store.uploads(SAMPLE_PLAN)) == 4
        assert len(store.load(SAMPLE_PLAN).plan.assessments) == 2911


def test_replace_anyway_stores_the_refused_file(sample_db: Path) -> None:
    at = open_page(lang="en")
    upload(at, [("plan.csv", unreadable_plan_csv())])
    save(at)
    at.button(key="page.upload.anyway.0").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("plan.csv: 0 rows stored, 2911 replaced")
    assert not [b for b in at.button if b.key and ".anyway." in b.key]
    with Store(str(sample_db)) as store:
        uploads = store.uploads(SAMPLE_PLAN)
        assert (len(uploads), uploads[-1].file_name, uploads[-1].rows) == (5, "plan.csv", 0)
        assert len(uploads[-1].problems) == LINES


def test_a_members_file_in_its_own_uploader(sample_db: Path) -> None:
    at = open_page()
    upload(at, sample_files(("members.csv",)), name="members")
    assert "593 leerlingen" in texts(at.markdown)
    assert save(at)[0].startswith("members.csv: 1250 lidmaatschappen opgeslagen")


def test_without_a_name_nothing_is_saved(sample_db: Path) -> None:
    at = open_page(person="")
    upload(at, sample_files(("plan-2a.ics",)))
    assert "Vul links uw naam in" in texts(at.warning)
    assert at.button(key="page.upload.save").disabled


def test_someone_who_may_not_edit_the_plan_cannot_upload(sample_db: Path) -> None:
    with Store(str(sample_db)) as store:
        toml = store.config_of(SAMPLE_PLAN)[0] + '\n[access]\neditors = ["*@wiskunde.school.nl"]\n'
        store.set_config(SAMPLE_PLAN, toml, person="Voorbeeld")
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    at.user = {"is_logged_in": True, "email": "p.pieters@school.nl", "name": "Piet"}
    at.run()
    at.switch_page(PAGE).run()
    upload(at, sample_files(("plan-2a.ics",)))
    assert "U kunt in dit plan niet aanleveren" in texts(at.warning)
    assert at.button(key="page.upload.save").disabled


def test_raw_system_exports_load_and_say_how_they_were_read(empty_db: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures"
    names = (
        "json/zermelo-appointments.json",
        "json/magister-agenda.json",
        "flattened/somtoday-toekenningen.csv",
    )
    at = open_page(lang="en")
    at.text_input(key="page.upload.new_name").input("Exports").run()
    upload(at, [(Path(n).name, (fixtures / n).read_bytes()) for n in names])
    captions = texts(at.caption)
    assert (
        "zermelo-appointments.json: read as Zermelo appointments (API v3), JSON list: 4 rows; "
        "left out: 2 withdrawn or moved, 2 not a test or homework" in captions
    )
    assert "magister-agenda.json: read as Magister agenda items, JSON list: 5 rows" in captions
    assert (
        "somtoday-toekenningen.csv: read as Somtoday study guide (assignments), CSV table"
        in captions
    )
    assert "not recognised" not in texts(at.warning)  # no mapping step
    stored = save(at)
    assert any(s.startswith("zermelo-appointments.json: 4 rows stored") for s in stored), stored
    with Store(str(empty_db)) as store:
        assert len(store.load("Exports").plan.assessments) == 4 + 5 + 5


def test_untis_webuntis_and_flattened_exports_need_no_mapping_either(empty_db: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures"
    files = {
        "untis/GPU017.TXT": "read as Untis exams (GPU017), CSV table",
        "untis/klausuren.xlsx": "read as Untis exam list (Klausuren), Excel workbook",
        "json/webuntis-exams.json": "read as WebUntis exams, JSON list",
        "json/zermelo-liveschedule.json": "read as Zermelo live schedule, JSON list",
        "flattened/magister-agenda.xlsx": "read as Magister agenda items, Excel workbook",
    }
    at = open_page(lang="en")
    at.text_input(key="page.upload.new_name").input("Exports").run()
    upload(at, [(Path(n).name, (fixtures / n).read_bytes()) for n in files])
    captions = texts(at.caption)
    for name, words in files.items():
        line = f"{Path(name).name}: {words}"
        assert line in captions, (line, captions, texts(at.error))
    assert "not recognised" not in texts(at.warning)  # no mapping step
