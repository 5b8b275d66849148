"""members.csv: which pseudonymous pupil is in which class or cluster group.

Only the pupil id and the group are kept; names and other personal columns are dropped on
import, so they never reach the engine, the store or a report.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.config import ImportSettings
from planner.errors import InvalidInput
from planner.i18n import Msg, problem
from planner.importers.common import normalise_group
from planner.importers.from_csv import read_csv_cells
from planner.model import ImportProblem

PUPIL_ALIASES = ("pupil", "leerling", "leerlingnummer", "llnr", "student", "student_id", "id")
GROUP_ALIASES = ("group", "groep", "klas", "lesgroep", "cluster", "class")


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
    problems.sort(key=lambda p: p.row or 0)
    return frame[["pupil", "group"]].reset_index(drop=True), problems
