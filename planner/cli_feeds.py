"""`planner serve` (the calendar feeds) and `planner db feed add|list|revoke` (making them)."""

from __future__ import annotations

import click

from planner.cli_options import by_option, db_option, lang_option, plan_option
from planner.errors import InvalidInput, PlannerError
from planner.history import fmt_moment
from planner.i18n import Lang, Msg, catalogue, check_lang
from planner.services import open_store
from planner.services.feeds import feed_address
from planner.storage import Feed, Store, Target

_W = catalogue(
    __name__,
    {
        "made": {
            "nl": "agendakoppeling #{id} voor {name} (wijziging #{change}):",
            "en": "calendar feed #{id} for {name} (change #{change}):",
        },
        "keep": {
            "nl": "Bewaar dit adres: het token wordt nergens opgeslagen en is niet terug te halen.",
            "en": "Keep this address: the token is stored nowhere and cannot be shown again.",
        },
        "revoked": {"nl": "ingetrokken (wijziging #{change})", "en": "revoked (change #{change})"},
        "none": {"nl": "geen agendakoppelingen", "en": "no calendar feeds"},
        "group": {"nl": "groep {name}", "en": "group {name}"},
        "pupil": {"nl": "leerling {name}", "en": "pupil {name}"},
        "tests_only": {"nl": "alleen toetsen", "en": "tests only"},
        "line": {
            "nl": "#{id}  {what}  gemaakt door {by} op {at}; {state}",
            "en": "#{id}  {what}  made by {by} on {at}; {state}",
        },
        "active": {"nl": "actief", "en": "active"},
        "fetched": {"nl": "laatst opgehaald {at}", "en": "last fetched {at}"},
        "never": {"nl": "nog niet opgehaald", "en": "not fetched yet"},
        "gone": {"nl": "ingetrokken door {by} op {at}", "en": "revoked by {by} on {at}"},
    },
)


def describe_feed(feed: Feed, lang: Lang) -> str:
    what = _W(feed.target_kind, lang, name=feed.target)
    if feed.tests_only:
        what += f" ({_W('tests_only', lang)})"
    if feed.revoked_at is not None:
        state = _W("gone", lang, by=feed.revoked_by, at=fmt_moment(feed.revoked_at, lang))
    elif feed.last_fetched is not None:
        state = (
            f"{_W('active', lang)}, {_W('fetched', lang, at=fmt_moment(feed.last_fetched, lang))}"
        )
    else:
        state = f"{_W('active', lang)}, {_W('never', lang)}"
    at = fmt_moment(feed.made_at, lang)
    return _W("line", lang, id=feed.id, what=what, by=feed.made_by, at=at, state=state)


def check_target(store: Store, plan: str, kind: Target, target: str) -> str:
    """The group as the plan spells it, or the pupil as members.csv has them; else refused."""
    stored = store.load(plan)
    if kind == "group":
        groups = set(stored.plan.assessments["group"].astype("str"))
        if stored.members is not None:
            groups |= set(stored.members["group"].astype("str"))
        spelling = {g.casefold(): g for g in groups}
        found = spelling.get(target.strip().casefold())
        if found is None:
            raise InvalidInput(Msg("feed_no_group", group=target))
        return found
    pupils = set(stored.members["pupil"].astype("str")) if stored.members is not None else set()
    if target.strip() not in pupils:
        raise InvalidInput(Msg("feed_no_pupil", pupil=target))
    return target.strip()


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8502, show_default=True)
def serve_command(db_url: str, host: str, port: int) -> None:
    """Serve the calendar feeds (GET /feeds/TOKEN.ics, GET /health) until stopped."""
    import uvicorn

    from planner.feed_server import app

    with open_store(db_url, "nl") as store:
        uvicorn.run(app(store), host=host, port=port, log_level="warning")


@click.group("feed")
def feed_group() -> None:
    """Calendar feeds of a plan: a secret address per group or pupil."""


@feed_group.command("add")
@db_option
@plan_option
@click.option("--group", help="The group or cluster whose tests the feed holds.")
@click.option("--pupil", help="The pupil (pseudonymous id) whose classes and clusters it holds.")
@click.option("--tests-only", is_flag=True, help="Leave homework out.")
@by_option
@lang_option
def add_command(
    db_url: str,
    plan_name: str,
    group: str | None,
    pupil: str | None,
    tests_only: bool,
    person: str,
    lang: str,
) -> None:
    """Make a feed and print its address (shown once)."""
    language = check_lang(lang)
    if bool(group) == bool(pupil):
        raise PlannerError(Msg("feed_one_target"))
    kind: Target = "group" if group else "pupil"
    with open_store(db_url, language) as store:
        target = check_target(store, plan_name, kind, str(group or pupil))
        token, feed, change = store.add_feed(
            plan_name, kind, target, person=person, tests_only=tests_only
        )
        config = store.config_of(plan_name)[1]
    click.echo(_W("made", language, id=feed.id, name=target, change=change.id))
    click.echo(f"  {feed_address(token, config)}")
    click.echo(_W("keep", language), err=True)


@feed_group.command("list")
@db_option
@plan_option
@lang_option
def list_command(db_url: str, plan_name: str, lang: str) -> None:
    """Every feed of the plan: for whom, made by whom and when, last fetched, revoked."""
    language = check_lang(lang)
    with open_store(db_url, language) as store:
        feeds = store.feeds(plan_name)
    if not feeds:
        click.echo(_W("none", language))
    for feed in feeds:
        click.echo(describe_feed(feed, language))


@feed_group.command("revoke")
@click.argument("token")
@db_option
@plan_option
@by_option
@lang_option
def revoke_command(token: str, db_url: str, plan_name: str, person: str, lang: str) -> None:
    """Stop a feed: its address answers 404 from now on."""
    language = check_lang(lang)
    token = token.rsplit("/", 1)[-1].removesuffix(".ics")  # the whole address works too
    with open_store(db_url, language) as store:
        change = store.revoke_feed(plan_name, token, person=person)
    click.echo(_W("revoked", language, change=change.id))
