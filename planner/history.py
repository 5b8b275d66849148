"""The store's history in words: what each change did, for the CLI and the dashboard."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from typing import Any

from planner.i18n import Lang, catalogue, fmt_date

SCHOOL_TZ = zoneinfo.ZoneInfo("Europe/Amsterdam")

_ACTIONS = catalogue(
    __name__,
    {
        "create": {"nl": "plan aangemaakt", "en": "plan created"},
        "copy": {"nl": "kopie gemaakt van {source}", "en": "copied from {source}"},
        "config": {"nl": "schoolinstellingen vervangen", "en": "school settings replaced"},
        "upload": {
            "nl": "{file} ingelezen: {added} rijen, {removed} vervangen",
            "en": "{file} uploaded: {added} rows, {removed} replaced",
        },
        "members": {
            "nl": "{file} ingelezen: {added} lidmaatschappen, {removed} vervangen",
            "en": "{file} uploaded: {added} memberships, {removed} replaced",
        },
        "timetable": {
            "nl": "lesrooster {file} ingelezen: {added} lessen, {removed} vervangen",
            "en": "timetable {file} uploaded: {added} lessons, {removed} replaced",
        },
        "undo": {"nl": "wijziging #{undoes} ongedaan gemaakt", "en": "undid change #{undoes}"},
        "feed_add": {
            "nl": "agendakoppeling #{feed} gemaakt voor {name}",
            "en": "calendar feed #{feed} made for {name}",
        },
        "feed_revoke": {
            "nl": "agendakoppeling #{feed} voor {name} ingetrokken",
            "en": "calendar feed #{feed} for {name} revoked",
        },
        "decide": {
            "nl": "besluit over {rule} {who} ({start}): {status}",
            "en": "decision on {rule} {who} ({start}): {status}",
        },
    },
)
_EDITS = catalogue(
    "planner.history.edits",
    {
        "move": {
            "nl": "{what} verplaatst van {before} naar {after}",
            "en": "{what} moved {before} to {after}",
        },
        "add": {"nl": "{what} toegevoegd op {after}", "en": "{what} added on {after}"},
        "delete": {"nl": "{what} verwijderd van {before}", "en": "{what} deleted from {before}"},
        "edit": {"nl": "{what} gewijzigd ({before})", "en": "{what} changed ({before})"},
    },
)
_STATUS = catalogue(
    "planner.history.status",
    {
        "accepted": {"nl": "geaccepteerd", "en": "accepted"},
        "todo": {"nl": "te doen", "en": "to do"},
    },
)
_NOTES = catalogue(
    "planner.history.notes",
    {"problems": {"nl": "{n} rijen niet ingelezen", "en": "{n} rows not read"}},
)


def local_time(moment: dt.datetime) -> dt.datetime:
    """A stored moment (UTC, naive) in the school's time zone."""
    return moment.replace(tzinfo=dt.UTC).astimezone(SCHOOL_TZ)


def fmt_moment(moment: dt.datetime, lang: Lang) -> str:
    """`za 22 nov 2026 06:13` in Dutch school time."""
    local = local_time(moment)
    return f"{fmt_date(local.date(), lang, year=True)} {local:%H:%M}"


def parse_moment(text: str) -> int | dt.datetime:
    """`--at`: a change number (`42`), a day (`2026-03-01`: as at the end of that day) or a
    moment (`2026-03-01 14:30`), in Dutch school time; returned in UTC for the store."""
    text = text.strip().lstrip("#")
    if text.isdigit():
        return int(text)
    value = dt.datetime.fromisoformat(text)
    if len(text) <= 10:  # a day without a time
        value = value.replace(hour=23, minute=59, second=59, microsecond=999999)
    if value.tzinfo is None:
        value = value.replace(tzinfo=SCHOOL_TZ)
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def describe(action: str, detail: Mapping[str, Any], lang: Lang) -> str:
    """One line: what a change did, in words a teacher understands."""
    if action in _EDITS or action == "edit":
        edits = detail.get("edits", [])
        parts = [_describe_edit(e, lang) for e in edits[:3]]
        if len(edits) > 3:
            parts.append(f"+{len(edits) - 3}")
        return "; ".join(parts)
    template = _ACTIONS[action][lang] if action in _ACTIONS else action
    status = str(detail.get("status"))
    values = {
        "source": detail.get("from", ""),
        "file": detail.get("file", ""),
        "added": detail.get("added", 0),
        "removed": detail.get("removed", 0),
        "undoes": detail.get("undoes", ""),
        "rule": detail.get("rule", ""),
        "who": detail.get("pupil") or detail.get("group", ""),
        "start": _day(detail.get("start"), lang),
        "status": _STATUS[status][lang] if status in _STATUS else "",
        "feed": detail.get("feed", ""),
        "name": detail.get("name", ""),
    }
    text = template.format(**values)
    if detail.get("note"):
        text += f": \u201c{detail['note']}\u201d"
    if detail.get("problems"):
        text += "; " + _NOTES("problems", lang, n=detail["problems"])
    return text


def _describe_edit(edit: Mapping[str, Any], lang: Lang) -> str:
    before, after = edit.get("before"), edit.get("after")
    row = after or before or {}
    what = f"{row.get('subject', '')} {row.get('group', '')} ({row.get('kind', '')})"
    if before is None:
        kind = "add"
    elif after is None:
        kind = "delete"
    elif before.get("date") != after.get("date") and _same_but_date(before, after):
        kind = "move"
    else:
        kind = "edit"
    return _EDITS[kind][lang].format(
        what=what,
        before=_day(before.get("date") if before else None, lang),
        after=_day(after.get("date") if after else None, lang),
    )


def _same_but_date(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    return all(before.get(k) == after.get(k) for k in before if k != "date")


def _day(iso: object, lang: Lang) -> str:
    if not iso:
        return "-"
    return fmt_date(dt.date.fromisoformat(str(iso)), lang)
