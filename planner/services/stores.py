"""The team store as the front doors open it: from an explicit URL or the environment, with
its errors told in the user's language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from planner import settings
from planner.errors import PlannerError
from planner.i18n import Lang
from planner.storage import Store


@contextmanager
def open_store(url: str | None, lang: Lang) -> Iterator[Store]:
    """The store at `url` (else $TOETSPLANNER_DB, else toetsplanner.db), closed afterwards; an
    error it raises speaks `lang`."""
    try:
        store = Store(url or settings.db_url())
    except PlannerError as exc:
        exc.lang = lang
        raise
    try:
        yield store
    except PlannerError as exc:
        exc.lang = lang
        raise
    finally:
        store.close()
