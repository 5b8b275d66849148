"""members.csv: which pseudonymous pupil is in which class or cluster group.

Only the pupil id and the group are kept; names and other personal columns are dropped on
import, so they never reach the engine, the store or a report:

- the pupil column is the one that holds numbers when there is one (`leerlingnummer`,
  `stamnr`, `studentnummer`, `id`, ... before `leerling` or `naam`);
- a pupil column whose values look like names (letters and spaces, `Pieter de Vries`) is
  refused: pseudonymous ids hold a digit (`250001`, `L0012`, `s123456`); a single such value
  among ids is a skipped row whose problem does not quote it;
- an import problem never quotes a cell that looks like a name (an extra cell past the
  header may be a name).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd

from planner.config import ImportSettings
from planner.errors import InvalidInput
from planner.i18n import Msg, problem
from planner.importers.common import normalise_group
from planner.importers.from_csv import read_csv_cells
from planner.model import ImportProblem

# Columns of pseudonymous numbers first: a file with `leerlingnummer,leerling,klas` keeps the
# number, never the name. The name columns last: such a file is refused with a clear message
# (export numbers) rather than "no pupil column".
PUPIL_ALIASES = (
    "leerlingnummer",
    "leerlingnr",
    "llnr",
    "stamnummer",
    "stamnr",
    "studentnummer",
    "studentnr",
    "student_id",
    "pupil_id",
    "id",
    "pupil",
    "leerling",
    "student",
    "naam",
    "name",
    "leerlingnaam",
)
GROUP_ALIASES = ("group", "groep", "klas", "lesgroep", "cluster", "class")

# A name: words of letters (no digit), joined by spaces, hyphens, apostrophes or dots.
_NAME = re.compile(r"[^\W\d_]+(?:[ '’.\-]+[^\W\d_]+)*\.?")


def looks_like_name(value: str | None) -> bool:
    """Letters and spaces (`Pieter de Vries`, `d'Arcy`); ids hold a digit (`L0012`)."""
    return value is not None and _NAME.fullmatch(value.strip()) is not None


def read_members(
    path: str | Path, lang: str = "nl", settings: ImportSettings | None = None
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """(pupil, group) rows; `2A, wisB` in one cell becomes two memberships."""
    path = Path(path)
    cells, rows, problems = read_csv_cells(path, settings, lang)
    lower = {str(c).strip().lower(): c for c in cells.columns}
    pupil_col = next((lower[a] for a in PUPIL_ALIASES if a in lower), None)
    group_col = next((lower[a] for a in GROUP_ALIASES if a in lower), None)
    if pupil_col is None or group_col is None:
        raise InvalidInput(
            Msg("members_columns", found=", ".join(map(str, cells.columns))),
            source=path.name,
        )
    frame = pd.DataFrame(
        {
            "pupil": cells[pupil_col].astype("str").str.strip(),
            "group": cells[group_col].astype("str"),
            "row": rows,
        }
    )
    blank = (frame["pupil"] == "") & (frame["group"].str.strip() == "")
    frame = frame[~blank]
    named = frame["pupil"].map(looks_like_name).astype("bool")
    filled = int((frame["pupil"] != "").sum())
    if filled and 2 * int(named.sum()) >= filled:
        raise InvalidInput(Msg("members_names"), source=path.name, column=str(pupil_col))
    for row in frame.loc[named, "row"]:
        message = problem("members_name", lang)
        problems.append(ImportProblem(path.name, int(row), str(pupil_col), None, message))
    frame = frame[~named]
    for pupil, group, row in zip(frame["pupil"], frame["group"], frame["row"], strict=True):
        if not pupil or not group.strip():
            column = pupil_col if not pupil else group_col
            problems.append(
                ImportProblem(
                    path.name, int(row), str(column), "", problem("empty", lang, column=column)
                )
            )
    frame = frame[(frame["pupil"] != "") & (frame["group"].str.strip() != "")]
    frame = frame.assign(group=frame["group"].str.split(r"\s*[,;]\s*")).explode("group")
    frame["group"] = normalise_group(frame["group"])
    frame = frame[frame["group"] != ""].drop_duplicates(["pupil", "group"])
    problems = [
        dataclasses.replace(p, value=None) if looks_like_name(p.value) else p for p in problems
    ]
    problems.sort(key=lambda p: p.row or 0)
    return frame[["pupil", "group"]].reset_index(drop=True), problems
