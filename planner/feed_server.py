"""`planner serve`: the pupils' calendar feeds, an ASGI app (Starlette on uvicorn) reading the
store. `GET /feeds/{token}.ics` is the iCal of one group or one pupil (their classes and
clusters, by pseudonymous id), always as the plan is now; `GET /health` says whether the store
answers. Nothing else is served: an unknown or revoked token is a plain 404, the same for both.

A calendar app fetches a feed every so often: the answer carries an ETag and Last-Modified from
the plan's last change, and a fetch that already has them gets 304 Not Modified without the
calendar being made again. Plans and calendars are kept in memory per change, so only a
change of the plan costs a read of the store.
"""

from __future__ import annotations

import collections
import datetime as dt
import email.utils
import threading

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from planner.errors import PlannerError
from planner.exporters.to_ical import ical_bytes
from planner.i18n import catalogue
from planner.storage import Feed, Store, StoredPlan

# How often a calendar app is asked to fetch a feed again.
REFRESH = dt.timedelta(hours=1)
# Calendars kept in memory (feed and change): a school's feeds, most of them for one change.
CACHED_CALENDARS = 2000
NAMES = catalogue(
    __name__,
    {
        "group": {"nl": "Toetsen {name}", "en": "Tests {name}"},
        "pupil": {"nl": "Toetsen leerling {name}", "en": "Tests pupil {name}"},
    },
)


class Feeds:
    """The feed server's state: the store, and the plans and calendars it has made."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._plans: dict[str, tuple[StoredPlan, dt.datetime]] = {}
        self._calendars: collections.OrderedDict[tuple[int, int], bytes] = collections.OrderedDict()

    def plan(self, name: str) -> tuple[StoredPlan, dt.datetime]:
        """The plan now and the moment of its last change (read again only after a change)."""
        with self._lock:
            known = self._plans.get(name)
        # refresh gives the same object back while the plan has not changed: one query
        stored = self.store.refresh(known[0]) if known is not None else self.store.load(name)
        if known is not None and stored is known[0]:
            return known
        at = self.store.history(name, limit=1)[0].at
        with self._lock:
            self._plans[name] = (stored, at)
        return stored, at

    def calendar(self, feed: Feed, stored: StoredPlan) -> bytes:
        key = (feed.id, stored.change)
        with self._lock:
            body = self._calendars.get(key)
            if body is not None:
                self._calendars.move_to_end(key)
                return body
        config = stored.config
        name = NAMES(feed.target_kind, config.lang, name=feed.target)
        body = ical_bytes(
            stored.plan,
            config,
            name=name,
            groups=[feed.target] if feed.target_kind == "group" else None,
            pupil=feed.target if feed.target_kind == "pupil" else None,
            members=stored.members,
            lang=config.lang,
            tests_only=feed.tests_only,
            refresh=REFRESH,
        )
        with self._lock:
            self._calendars[key] = body
            while len(self._calendars) > CACHED_CALENDARS:
                self._calendars.popitem(last=False)
        return body


def app(store: Store) -> Starlette:
    """The ASGI app over `store`."""
    feeds = Feeds(store)

    def feed(request: Request) -> Response:
        token = str(request.path_params["token"])
        found = store.feed_for_token(token)
        if found is None:
            return PlainTextResponse("Not Found", status_code=404)
        stored, at = feeds.plan(found.plan)
        etag = f'"f{found.id}-c{stored.change}"'
        modified = email.utils.format_datetime(at.replace(tzinfo=dt.UTC), usegmt=True)
        headers = {
            "ETag": etag,
            "Last-Modified": modified,
            "Cache-Control": "private, max-age=300",
        }
        store.note_fetch(found)
        if _not_modified(request, etag, at):
            return Response(status_code=304, headers=headers)
        body = feeds.calendar(found, stored)
        return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)

    def health(_: Request) -> Response:
        try:
            store.plan_names()
        except PlannerError:
            return PlainTextResponse("store unavailable", status_code=503)
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            Route("/feeds/{token}.ics", feed, methods=["GET", "HEAD"]),
            Route("/health", health, methods=["GET", "HEAD"]),
        ]
    )


def _not_modified(request: Request, etag: str, at: dt.datetime) -> bool:
    """If-None-Match (when given, it decides) or If-Modified-Since."""
    tags = request.headers.get("if-none-match")
    if tags is not None:
        return etag in {t.strip() for t in tags.split(",")} or tags.strip() == "*"
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        when = email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return at.replace(tzinfo=dt.UTC, microsecond=0) <= when
