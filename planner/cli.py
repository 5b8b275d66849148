"""The `planner` command line: a thin shell over the engine (DESIGN.md section 5)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from planner.check import CheckResult, check
from planner.config import load_config
from planner.errors import PlannerError
from planner.i18n import Lang, Msg, check_lang, fmt_date, plural
from planner.importers import read_members, read_plan
from planner.model import Finding

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2

_LABELS: dict[str, dict[Lang, str]] = {
    "error": {"nl": "FOUT", "en": "ERROR"},
    "warning": {"nl": "LET OP", "en": "WARNING"},
    "info": {"nl": "INFO", "en": "INFO"},
    "problems": {"nl": "Rijen die niet zijn ingelezen", "en": "Rows that could not be read"},
    "none": {"nl": "Geen bevindingen.", "en": "No findings."},
}

# Summary words, singular and plural: "1 fout", "2 fouten".
_SUMMARY: dict[str, dict[Lang, tuple[str, str]]] = {
    "assessments": {
        "nl": ("toets of huiswerk", "toetsen en huiswerk"),
        "en": ("test or homework", "tests and homework"),
    },
    "groups": {"nl": ("groep", "groepen"), "en": ("group", "groups")},
    "pupils": {"nl": ("leerling", "leerlingen"), "en": ("pupil", "pupils")},
    "errors": {"nl": ("fout", "fouten"), "en": ("error", "errors")},
    "warnings": {"nl": ("waarschuwing", "waarschuwingen"), "en": ("warning", "warnings")},
    "infos": {"nl": ("info", "info"), "en": ("info", "infos")},
}

# Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text from users, made inert for Excel: a leading formula character gets a quote."""
    return "'" + text if text.startswith(_FORMULA_START) else text


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
    print("\n" + summary_line(result.summary, lang), file=out)
    return out.getvalue()


def summary_line(summary: dict[str, int], lang: Lang) -> str:
    """`2911 toetsen en huiswerk, 51 groepen, 593 leerlingen: 24 fouten, ...`."""
    words = {key: plural(summary[key], *forms[lang]) for key, forms in _SUMMARY.items()}
    what = ", ".join(words[k] for k in ("assessments", "groups", "pupils"))
    found = ", ".join(words[k] for k in ("errors", "warnings", "infos"))
    return f"{what}: {found}"


def render_json(result: CheckResult, lang: Lang) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = [f.name for f in dataclasses.fields(Finding)]


def render_csv(result: CheckResult, lang: Lang) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for f in result.findings:
        row: dict[str, Any] = f.to_dict()
        row["assessments"] = " ".join(f.assessments)
        row["pupil"] = f.pupil or ""
        row["limit"] = "" if f.limit is None else f.limit
        for key in ("group", "pupil", "message", "reference"):
            row[key] = safe_cell(str(row[key]))
        writer.writerow(row)
    return out.getvalue()


RENDERERS: dict[str, Callable[[CheckResult, Lang], str]] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="toetsplanner")
def cli() -> None:
    """Toetsplanner: check test and homework plans against the school's test regulations."""


@cli.command("check")
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--school", type=click.Path(path_type=Path), help="school.toml with the rule set.")
@click.option("--members", type=click.Path(path_type=Path), help="members.csv: pupil,group.")
@click.option("--format", "fmt", type=click.Choice(list(RENDERERS)), default="text")
@click.option("--output", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@click.option("--lang", type=click.Choice(["nl", "en"]), help="Language of the messages.")
def check_command(
    plans: tuple[Path, ...],
    school: Path | None,
    members: Path | None,
    fmt: str,
    output: Path | None,
    lang: str | None,
) -> None:
    """Check PLAN files (.csv, .xlsx, .ics) against the rules; exit 1 when errors are found."""
    language = check_lang(lang or "nl")  # until the school's own language is known
    try:
        config = load_config(school)
        language = check_lang(lang or config.language)
        config = dataclasses.replace(config, language=language)
        plan = read_plan(plans, config)
        member_frame = None
        if members is not None:
            member_frame, member_problems = read_members(
                members, lang=language, settings=config.imports
            )
            plan.problems.extend(member_problems)
        result = check(plan, config, members=member_frame, lang=language)
        write(RENDERERS[fmt](result, language), output)
    except PlannerError as exc:
        exc.lang = language
        raise
    sys.exit(EXIT_ERRORS if result.has_errors else EXIT_OK)


def write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PlannerError(Msg("cannot_write", reason=exc.strerror), source=str(output)) from None


def main(argv: list[str] | None = None) -> None:
    """Entry point: usable-input errors become one line on stderr and exit status 2."""
    try:
        cli.main(args=argv, prog_name="planner", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_UNUSABLE)
    except click.exceptions.Abort:
        sys.exit(EXIT_UNUSABLE)
    except PlannerError as exc:
        click.echo(f"planner: {exc.one_line()}", err=True)
        sys.exit(EXIT_UNUSABLE)
    except Exception as exc:  # never a traceback in front of a user
        if os.environ.get("PLANNER_DEBUG"):
            raise
        click.echo(
            f"planner: internal error ({type(exc).__name__}: {exc}); "
            "run with PLANNER_DEBUG=1 for details",
            err=True,
        )
        sys.exit(EXIT_UNUSABLE)


if __name__ == "__main__":
    main()
