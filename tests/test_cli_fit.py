"""`planner fit` and `planner db fit`: exit codes, the JSON contract, the text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from planner import load_config, read_members, read_plan
from planner.cli import main
from planner.fit import VERDICTS, Proposal, fit, school_week_days
from planner.storage import Store

SAMPLE = Path(__file__).parent.parent / "sample_data"
FILES = [str(SAMPLE / "plan.csv"), "--school", str(SAMPLE / "school.toml")]
MEMBERS = ["--members", str(SAMPLE / "members.csv")]
TEST = ["--group", "4v.bio", "--subject", "biologie", "--kind", "PW"]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(args)
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def test_json_has_every_school_week_day_with_its_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        [
            "fit",
            *FILES,
            *MEMBERS,
            *TEST,
            "--from",
            "2026-01-28",
            "--weeks",
            "3",
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"test", "days"}
    assert data["test"]["groups"] == ["4v.bio"] and data["test"]["kind"] == "proefwerk"
    days = data["days"]
    # Monday to Friday of three weeks, from the Monday of the week of --from
    assert [d["date"] for d in days] == [
        d.isoformat() for d in school_week_days(dt.date(2026, 1, 26), 3)
    ]
    for day in days:
        assert set(day) == {
            "date",
            "verdict",
            "errors",
            "warnings",
            "pupils",
            "findings",
            "reasons",
        }
        assert day["verdict"] in VERDICTS
        assert len(day["reasons"]) <= len(day["findings"])
    # the same verdicts as the engine on the same input
    config = load_config(SAMPLE / "school.toml")
    plan = read_plan([SAMPLE / "plan.csv"], config)
    members, _ = read_members(SAMPLE / "members.csv")
    engine = fit(plan, config, Proposal(("4v.bio",), "biologie", "PW"),
                 school_week_days(dt.date(2026, 1, 26), 3), members=members)  # fmt: skip
    assert [(d["verdict"], d["pupils"]) for d in days] == [(d.verdict, d.pupils) for d in engine]
    assert {"error", "ok"} <= {d["verdict"] for d in days}


def test_text_gives_the_best_days_and_a_line_per_week(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["fit", *FILES, *TEST, "--from", "2026-02-23", "--weeks", "2", "--lang", "en"], capsys
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "biologie (proefwerk) for 4v.bio: 2 weeks from Mon 23 Feb 2026"
    best = lines.index("Best days:")
    assert lines[best + 1].startswith("  ✓ ")  # a day without findings comes first
    weeks = [line for line in lines if line.strip()[:2] in ("9 ", "10")]
    assert len(weeks) == 2 and all(len(line.split()) == 6 for line in weeks)
    assert "after Spring Break" in out  # why Monday 23 Feb is a warning


@pytest.mark.parametrize(
    ("option", "value", "near"),
    [("--group", "4v.bi", "4v.bio"), ("--kind", "proefwrk", "proefwerk")],
)
def test_unknown_group_or_kind_exits_2_naming_the_near_ones(
    option: str, value: str, near: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = dict(zip(TEST[::2], TEST[1::2], strict=True)) | {option: value}
    code, out, err = run(
        ["fit", *FILES, *[x for kv in args.items() for x in kv], "--lang", "en"], capsys
    )
    assert code == 2 and out == ""
    assert err.startswith("planner: ") and near in err and len(err.splitlines()) == 1


def test_db_fit_answers_on_the_stored_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOETSPLANNER_USER", "Anna")
    store = ["--db", str(tmp_path / "t.db")]
    code, _, _ = run(
        ["db", "import", str(SAMPLE / "plan.csv"), "--plan", "p", *store,
         "--school", str(SAMPLE / "school.toml"), "--members", str(SAMPLE / "members.csv")],
        capsys,
    )  # fmt: skip
    assert code == 0
    with Store(str(tmp_path / "t.db")) as opened:
        before = opened.load("p")
    args = [*TEST, "--from", "2026-01-26", "--weeks", "2", "--format", "json"]
    code, stored, _ = run(["db", "fit", "--plan", "p", *store, *args], capsys)
    assert code == 0
    code, files, _ = run(["fit", *FILES, *MEMBERS, *args], capsys)
    assert code == 0
    assert json.loads(stored)["days"] == json.loads(files)["days"]
    # nothing was saved: no new change, the same rows
    with Store(str(tmp_path / "t.db")) as opened:
        after = opened.load("p")
    assert after.change == before.change
    assert len(after.plan.assessments) == len(before.plan.assessments)
