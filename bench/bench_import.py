"""Benchmark the importers: 25,000-row CSV, xlsx and ics files and the raw JSON of Zermelo
(appointments) and Magister (agenda items), rows per second per format.

Each file holds the same plan (tests and homework for 80 groups over a school year). Timed is
`planner.importers.read_file` (reading, parsing, validating into the assessment table), best of
--repeat runs. Prints one JSON line.

    .venv/bin/python bench/bench_import.py [--rows 25000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import tempfile
import time
from pathlib import Path

import icalendar
import openpyxl

from planner import load_config
from planner.importers import read_file

SUBJECTS = ("Nederlands", "Engels", "wiskunde", "Frans", "biologie", "geschiedenis", "economie")
KINDS = ("PW", "SO", "PO", "HW")
GROUPS = [f"{y}{c}" for y in (1, 2, 3) for c in "ABCDEFGHIJ"] + [
    f"{y}v.{s[:3].lower()}{i}" for y in (4, 5, 6) for s in SUBJECTS for i in (1, 2)
] + [f"{y}K{i}" for y in (4, 5, 6) for i in (1, 2, 3)]  # fmt: skip


def plan_rows(n: int, seed: int = 11) -> list[dict[str, object]]:
    rng = random.Random(seed)
    first = dt.date(2025, 9, 1)
    days = [first + dt.timedelta(days=i) for i in range(320)]
    days = [d for d in days if d.weekday() < 5]
    rows = []
    for i in range(n):
        kind = rng.choice(KINDS)
        rows.append(
            {
                "date": rng.choice(days),
                "group": GROUPS[i % len(GROUPS)],
                "subject": rng.choice(SUBJECTS),
                "kind": kind,
                "title": f"H{rng.randint(1, 9)} opgaven {rng.randint(1, 40)}",
                "teacher": "".join(rng.choices("ABCDEFGHKLMNPRSTVW", k=3)),
                "minutes": rng.choice((15, 20, 30)) if kind == "HW" else None,
            }
        )
    return rows


def write_csv(rows: list[dict[str, object]], path: Path) -> None:
    lines = ["Datum;Klas;Vak;Soort;Omschrijving;Docent;Minuten"]
    for r in rows:
        day = r["date"]
        assert isinstance(day, dt.date)
        minutes = "" if r["minutes"] is None else str(r["minutes"])
        lines.append(
            f"{day:%d-%m-%Y};{r['group']};{r['subject']};{r['kind']};{r['title']};"
            f"{r['teacher']};{minutes}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_xlsx(rows: list[dict[str, object]], path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Toetsplanning")
    sheet.append(["Toetsplanning 2025-2026"])
    sheet.append([])
    sheet.append(["Datum", "Klas", "Vak", "Soort", "Omschrijving", "Docent", "Minuten"])
    for r in rows:
        sheet.append(
            [r["date"], r["group"], r["subject"], r["kind"], r["title"], r["teacher"], r["minutes"]]
        )
    book.save(path)


def write_ics(rows: list[dict[str, object]], path: Path) -> None:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Toetsplanner//bench//NL")
    cal.add("version", "2.0")
    for i, r in enumerate(rows):
        event = icalendar.Event()
        event.add("uid", f"bench-{i}@toetsplanner")
        event.add("dtstamp", dt.datetime(2025, 8, 1, tzinfo=dt.UTC))
        event.add("dtstart", r["date"])
        event.add("summary", f"{r['subject']} {r['kind']} {r['group']}: {r['title']}")
        event.add("categories", [str(r["kind"])])
        cal.add_component(event)
    path.write_bytes(cal.to_ical())


AMSTERDAM_WINTER = dt.timezone(dt.timedelta(hours=1))
MAGISTER_INFOTYPE = {"PW": 2, "SO": 4, "PO": 2, "HW": 1}


def _moment(day: object, hour: int) -> dt.datetime:
    assert isinstance(day, dt.date)
    return dt.datetime(day.year, day.month, day.day, hour, 30, tzinfo=AMSTERDAM_WINTER)


def write_zermelo(rows: list[dict[str, object]], path: Path) -> None:
    """API v3 appointments in their envelope, with every field a full export has."""
    data = []
    for i, r in enumerate(rows):
        start = int(_moment(r["date"], 8 + i % 7).timestamp())
        data.append(
            {
                "id": 100000 + i, "appointmentInstance": 100000 + i,
                "start": start, "end": start + 3000, "startTimeSlot": 1 + i % 7,
                "endTimeSlot": 1 + i % 7, "subjects": [str(r["subject"])[:4].lower()],
                "teachers": [str(r["teacher"]).lower()], "groups": [r["group"]],
                "locations": ["b012"], "type": "exam", "remark": r["title"], "valid": True,
                "hidden": False, "base": True, "cancelled": False, "modified": False,
                "moved": False, "new": False, "changeDescription": "",
                "created": start - 86400 * 30, "lastModified": start - 86400,
                "branchOfSchool": 2, "branch": "Havo/vwo",
            }
        )  # fmt: skip
    path.write_text(json.dumps({"response": {"status": 200, "data": data}}), encoding="utf-8")


def write_magister(rows: list[dict[str, object]], path: Path) -> None:
    """Agenda items (`{"Items": [...]}`) as Magister's API gives them."""
    items = []
    for i, r in enumerate(rows):
        start = _moment(r["date"], 8 + i % 7).astimezone(dt.UTC)
        stamp = start.strftime("%Y-%m-%dT%H:%M:%S.0000000Z")
        end = (start + dt.timedelta(minutes=50)).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")
        items.append(
            {
                "Id": 500000 + i, "Links": [{"Rel": "Self", "Href": f"/api/x/{i}"}],
                "Start": stamp, "Einde": end, "LesuurVan": 1 + i % 7, "LesuurTotMet": 1 + i % 7,
                "DuurtHeleDag": False,
                "Omschrijving": f"{str(r['subject'])[:2]} - {r['teacher']} - {r['group']}",
                "Lokatie": "B012", "Status": 1, "Type": 13, "Subtype": 1,
                "IsOnlineDeelname": False, "WeergaveType": 1,
                "Inhoud": f"<p>{r['title']}</p>", "Opmerking": None,
                "InfoType": MAGISTER_INFOTYPE[str(r["kind"])], "Aantekening": None,
                "Afgerond": False, "HerhaalStatus": 0, "Herhaling": None,
                "Vakken": [{"Id": 1, "Naam": r["subject"]}],
                "Docenten": [{"Id": 2, "Naam": "X", "Docentcode": r["teacher"]}],
                "Lokalen": [{"Naam": "B012"}], "Groepen": [{"Naam": r["group"]}],
                "OpdrachtId": 0, "HeeftBijlagen": False, "Bijlagen": None,
            }
        )  # fmt: skip
    path.write_text(json.dumps({"Items": items}), encoding="utf-8")


def best_of(repeat: int, path: Path) -> tuple[float, int, int]:
    config = load_config(None)
    best, rows, problems = float("inf"), 0, 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        table, found = read_file(path, config)
        best = min(best, time.perf_counter() - t0)
        rows, problems = len(table), len(found)
    return best, rows, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=25_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="csv,xlsx,ics,zermelo,magister")
    args = parser.parse_args()
    rows = plan_rows(args.rows)
    writers = {
        "csv": write_csv,
        "xlsx": write_xlsx,
        "ics": write_ics,
        "zermelo": write_zermelo,
        "magister": write_magister,
    }
    result: dict[str, object] = {
        "benchmark": "import",
        "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "rows": args.rows,
    }
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            path = Path(tmp) / f"plan.{fmt if fmt in ('csv', 'xlsx', 'ics') else 'json'}"
            writers[fmt](rows, path)
            seconds, loaded, problems = best_of(args.repeat, path)
            result[fmt] = {
                "seconds": round(seconds, 3),
                "rows_per_second": round(loaded / seconds),
                "rows_loaded": loaded,
                "problems": problems,
                "megabytes": round(path.stat().st_size / 1e6, 1),
            }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
