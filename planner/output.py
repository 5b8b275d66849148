"""What the command line prints: findings as text, JSON or CSV, and where it writes them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from planner.check import CheckResult
from planner.errors import PlannerError
from planner.exporters.cells import CSV_FIELDS, FINDING_TEXT_FIELDS, safe_cell
from planner.i18n import Lang, Msg, catalogue, fmt_date, forms, plural
from planner.importers.sources import describe_source

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2

_LABELS = catalogue(
    __name__,
    {
        "error": {"nl": "FOUT", "en": "ERROR"},
        "warning": {"nl": "LET OP", "en": "WARNING"},
        "info": {"nl": "INFO", "en": "INFO"},
        "problems": {"nl": "Rijen die niet zijn ingelezen", "en": "Rows that could not be read"},
        "none": {"nl": "Geen bevindingen.", "en": "No findings."},
        "sources": {"nl": "Zo zijn de bestanden gelezen", "en": "How the files were read"},
    },
)

# Summary words, singular (`.one`) and plural (`.many`): "1 fout", "2 fouten".
_SUMMARY = catalogue(
    "planner.output.summary",
    {
        "assessments.one": {"nl": "toets of huiswerk", "en": "test or homework"},
        "assessments.many": {"nl": "toetsen en huiswerk", "en": "tests and homework"},
        "groups.one": {"nl": "groep", "en": "group"},
        "groups.many": {"nl": "groepen", "en": "groups"},
        "pupils.one": {"nl": "leerling", "en": "pupil"},
        "pupils.many": {"nl": "leerlingen", "en": "pupils"},
        "errors.one": {"nl": "fout", "en": "error"},
        "errors.many": {"nl": "fouten", "en": "errors"},
        "warnings.one": {"nl": "waarschuwing", "en": "warning"},
        "warnings.many": {"nl": "waarschuwingen", "en": "warnings"},
        "infos.one": {"nl": "info", "en": "info"},
        "infos.many": {"nl": "info", "en": "infos"},
    },
)
_COUNTED = ("assessments", "groups", "pupils", "errors", "warnings", "infos")


def render_text(result: CheckResult, lang: Lang) -> str:
    out = io.StringIO()
    if not result.findings:
        print(_LABELS["none"][lang], file=out)
    for f in result.findings:
        label = _LABELS[str(f.severity)][lang]
        ref = f"  [{f.reference}]" if f.reference else ""
        print(f"{label:<7} {fmt_date(f.start, lang):<10} {f.rule:<22} {f.message}{ref}", file=out)
    if result.problems:
        print(f"\n{_LABELS['problems'][lang]} ({len(result.problems)}):", file=out)
        for p in result.problems:
            print(f"  {p.one_line(lang)}", file=out)
    if result.sources:
        print(f"\n{_LABELS['sources'][lang]}:", file=out)
        for source in result.sources:
            print(f"  {describe_source(source, lang)}", file=out)
    print("\n" + summary_line(result.summary, lang), file=out)
    return out.getvalue()


def summary_line(summary: dict[str, int], lang: Lang) -> str:
    """`2911 toetsen en huiswerk, 51 groepen, 593 leerlingen: 24 fouten, ...`."""
    words = {key: plural(summary[key], *forms(_SUMMARY, key, lang)) for key in _COUNTED}
    what = ", ".join(words[k] for k in ("assessments", "groups", "pupils"))
    found = ", ".join(words[k] for k in ("errors", "warnings", "infos"))
    return f"{what}: {found}"


def render_json(result: CheckResult, lang: Lang) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_csv(result: CheckResult, lang: Lang) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for f in result.findings:
        row: dict[str, Any] = f.to_dict()
        row["assessments"] = " ".join(f.assessments)
        row["pupil"] = f.pupil or ""
        row["limit"] = "" if f.limit is None else f.limit
        for key in FINDING_TEXT_FIELDS:
            row[key] = safe_cell(str(row[key]))
        writer.writerow(row)
    return out.getvalue()


RENDERERS: dict[str, Callable[[CheckResult, Lang], str]] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
}


def write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    write_file(output, text.encode("utf-8"))


def write_file(path: Path, data: bytes) -> None:
    """A file a command was asked for; a failure is one line naming the file, not a traceback."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise PlannerError(Msg("cannot_write", reason=exc.strerror), source=str(path)) from None
