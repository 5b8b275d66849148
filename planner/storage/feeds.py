"""Calendar feeds in the store: a secret token per feed (a group's or a pupil's tests and
homework), kept only as its SHA-256; making and revoking one is a change in the plan's history
with the person's name. `Store` has these methods (this module keeps store.py to its size)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING, Any, Literal

import sqlalchemy as sa

from planner.errors import StorageError
from planner.i18n import Msg
from planner.storage.schema import changes_t, feeds_t, plans_t
from planner.storage.versions import plan_id_of

if TYPE_CHECKING:
    import contextlib

    from sqlalchemy.engine import Connection

    from planner.storage.records import Change
    from planner.storage.versions import Write

Target = Literal["group", "pupil"]
# 32 bytes from `secrets`: 256 bits, in the address as URL-safe base64 (43 characters).
TOKEN_BYTES = 32
# A fetch updates `last_fetched` at most this often per feed (a busy feed is not a write storm).
FETCH_NOTE_EVERY = dt.timedelta(minutes=5)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclasses.dataclass(frozen=True)
class Feed:
    """One feed: whose calendar it is, who made it and when, whether it still serves."""

    id: int
    plan: str
    target_kind: Target
    target: str
    tests_only: bool
    made_by: str
    made_at: dt.datetime
    revoked_by: str | None
    revoked_at: dt.datetime | None
    last_fetched: dt.datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class FeedMethods:
    """The feed part of `Store` (it provides `_change`, `_read`, `_write_connection`, `clock`)."""

    clock: Any

    if TYPE_CHECKING:

        def _change(
            self, plan: str, person: str, action: str, create: str | None = None
        ) -> contextlib.AbstractContextManager[Write]: ...

        def _read(self) -> contextlib.AbstractContextManager[Connection]: ...

        def _write_connection(self) -> contextlib.AbstractContextManager[Connection]: ...

    def add_feed(
        self, plan: str, target_kind: Target, target: str, *, person: str, tests_only: bool = False
    ) -> tuple[str, Feed, Change]:
        """A new feed for a group or a pupil: its token (shown once, never stored), the feed,
        and the change it was made in."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self._change(plan, person, "feed_add") as w:
            inserted = w.conn.execute(
                feeds_t.insert().values(
                    plan_id=w.plan_id,
                    token_hash=token_hash(token),
                    target_kind=target_kind,
                    target=target,
                    tests_only=tests_only,
                    made_in=w.change,
                )
            ).inserted_primary_key
            assert inserted is not None
            feed_id = inserted[0]
            change = w.finish({"feed": int(feed_id), "for": target_kind, "name": target})
        return token, self._feed_by_id(int(feed_id)), change

    def revoke_feed(self, plan: str, token: str, *, person: str) -> Change:
        """Stop a feed (by its token); an unknown token or a feed of another plan is refused."""
        feed = self.feed_for_token(token, include_revoked=True)
        if feed is None or feed.plan != plan:
            raise StorageError(Msg("feed_unknown"))
        return self.revoke_feed_by_id(plan, feed.id, person=person)

    def revoke_feed_by_id(self, plan: str, feed_id: int, *, person: str) -> Change:
        """Stop the plan's feed `feed_id` (the dashboard knows feeds by number, not token)."""
        feed = next((f for f in self.feeds(plan) if f.id == feed_id), None)
        if feed is None:
            raise StorageError(Msg("feed_unknown"))
        with self._change(plan, person, "feed_revoke") as w:
            w.conn.execute(
                feeds_t.update().where(feeds_t.c.id == feed.id).values(revoked_in=w.change)
            )
            return w.finish({"feed": feed.id, "for": feed.target_kind, "name": feed.target})

    def feeds(self, plan: str) -> list[Feed]:
        """Every feed of the plan, revoked ones too, oldest first."""
        with self._read() as conn:
            plan_id = plan_id_of(conn, plan)
            rows = conn.execute(_select().where(feeds_t.c.plan_id == plan_id)).all()
        return [_feed(r) for r in rows]

    def feed_for_token(self, token: str, *, include_revoked: bool = False) -> Feed | None:
        """The feed a token opens, or None (unknown or revoked: the caller cannot tell which)."""
        digest = token_hash(token)
        with self._read() as conn:
            row = conn.execute(_select().where(feeds_t.c.token_hash == digest)).first()
        # The lookup is by digest; comparing the digests again takes the same time whatever
        # the token, so timing tells nothing about stored tokens.
        if row is None or not hmac.compare_digest(str(row.token_hash), digest):
            return None
        feed = _feed(row)
        return feed if feed.active or include_revoked else None

    def note_fetch(self, feed: Feed) -> None:
        """Record that the feed was fetched (at most every FETCH_NOTE_EVERY)."""
        now = self.clock()
        if feed.last_fetched is not None and now - feed.last_fetched < FETCH_NOTE_EVERY:
            return
        with self._write_connection() as conn:
            conn.execute(feeds_t.update().where(feeds_t.c.id == feed.id).values(last_fetched=now))

    def _feed_by_id(self, feed_id: int) -> Feed:
        with self._read() as conn:
            row = conn.execute(_select().where(feeds_t.c.id == feed_id)).one()
        return _feed(row)


def _select() -> sa.Select[Any]:
    made = changes_t.alias("made")
    revoked = changes_t.alias("revoked")
    return (
        sa.select(
            feeds_t.c.id,
            feeds_t.c.token_hash,
            plans_t.c.name.label("plan"),
            feeds_t.c.target_kind,
            feeds_t.c.target,
            feeds_t.c.tests_only,
            made.c.person.label("made_by"),
            made.c.at.label("made_at"),
            revoked.c.person.label("revoked_by"),
            revoked.c.at.label("revoked_at"),
            feeds_t.c.last_fetched,
        )
        .select_from(
            feeds_t.join(plans_t, plans_t.c.id == feeds_t.c.plan_id)
            .join(made, made.c.id == feeds_t.c.made_in)
            .outerjoin(revoked, revoked.c.id == feeds_t.c.revoked_in)
        )
        .order_by(feeds_t.c.id)
    )


def _feed(row: Any) -> Feed:
    return Feed(
        int(row.id),
        str(row.plan),
        row.target_kind,
        str(row.target),
        bool(row.tests_only),
        str(row.made_by),
        row.made_at,
        row.revoked_by,
        row.revoked_at,
        row.last_fetched,
    )


__all__ = ["Feed", "FeedMethods", "Target", "token_hash"]
