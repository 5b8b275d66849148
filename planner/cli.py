"""The `planner` command line: a thin shell over the engine (docs/architecture.md, contracts)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planner import settings
from planner.check import check
from planner.cli_db import db
from planner.cli_feeds import feed_group, serve_command
from planner.cli_fit import db_fit_command, fit_command
from planner.cli_inputs import read_inputs, school_config
from planner.cli_report import report_command
from planner.cli_suggest import suggest_command
from planner.cli_testweek import timetable_command
from planner.errors import PlannerError
from planner.i18n import check_lang
from planner.output import EXIT_ERRORS, EXIT_OK, EXIT_UNUSABLE, RENDERERS, write


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
        config = school_config(school, lang)
        language = check_lang(config.language)
        plan, member_frame = read_inputs(plans, config, members)
        result = check(plan, config, members=member_frame, lang=language)
        write(RENDERERS[fmt](result, language), output)
    except PlannerError as exc:
        exc.lang = language
        raise
    sys.exit(EXIT_ERRORS if result.has_errors else EXIT_OK)


cli.add_command(db)
cli.add_command(fit_command)
db.add_command(db_fit_command)
db.add_command(feed_group)
cli.add_command(serve_command)
cli.add_command(report_command)
cli.add_command(suggest_command)
cli.add_command(timetable_command)


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
        if settings.debug():
            raise
        click.echo(
            f"planner: internal error ({type(exc).__name__}: {exc}); "
            f"run with {settings.ENV_DEBUG}=1 for details",
            err=True,
        )
        sys.exit(EXIT_UNUSABLE)


if __name__ == "__main__":
    main()
