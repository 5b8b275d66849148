"""The dashboard's session: every session-state key in one place, the store, and the current
plan with its check (planner.services.follow keeps it fresh from the store, and fast)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from app_pages.access import login_configured
from planner import settings
from planner.i18n import Lang, catalogue
from planner.services import Checked, follow, open_checked
from planner.storage import Store
from planner.views.edit import TableEdits

# Session-state keys (one place, so pages never invent their own spelling).
LANG = "lang"
PERSON = "person"
PLAN = "plan"
CHECKED = "checked"  # the plan last shown, with its check (planner.services.Checked)
PAGE_STATE = "page"  # prefix for page-local keys: f"{PAGE_STATE}.{page}.{name}"
ACTOR = "actor"  # planner.access.Actor of this session (set by the sidebar)
EDITOR = "editor"  # whether that person may change the plan
# What the calendar opens on (set by the overview, the findings, the pupils page).
FOCUS_GROUP = "focus.group"
FOCUS_PUPIL = "focus.pupil"
FOCUS_WEEK = "focus.week"  # a Monday (datetime.date)
FOCUS_TEST = "focus.test"  # Plan a test: {"groups", "subject", "kind", "monday"}


def db_url() -> str:
    return settings.db_url()


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    """One Store (an engine with its connection pool) per database: a resource, not data."""
    return Store(url)


def store() -> Store:
    return _store(db_url())


def lang() -> Lang:
    value = st.session_state.get(LANG, "nl")
    return "en" if value == "en" else "nl"


def t(labels: Mapping[str, Mapping[Lang, str]], key: str, **values: Any) -> str:
    """A label in the session's language: `labels[key]["nl" | "en"]`, formatted (`labels` is
    the page's Catalogue)."""
    text = labels[key][lang()]
    return text.format(**values) if values else text


def person() -> str:
    """Who is recorded for a change: the login e-mail, or the name typed in the sidebar."""
    who = st.session_state.get(ACTOR)
    return str(getattr(who, "person", "") or "")


def editable() -> bool:
    """Whether this person may change the plan (the sidebar decides). Closed when the sidebar
    has not decided and a login is configured: a page never writes for someone unchecked."""
    return bool(st.session_state.get(EDITOR, not login_configured()))


def key(page: str, name: str) -> str:
    return f"{PAGE_STATE}.{page}.{name}"


# The plan on screen: as stored, its check, and the team's decisions on the findings.
Current = Checked


def plan_names() -> list[str]:
    return store().plan_names()


def current() -> Current | None:
    """The chosen plan, fresh from the store. Reads only what changed since the last run and
    re-checks only the groups that changed; the result equals a full check."""
    name = st.session_state.get(PLAN)
    if not name:
        return None
    found = follow(store(), name, st.session_state.get(CHECKED), lang(), opened)
    st.session_state[CHECKED] = found
    return found


# What every page that shows a plan says when there is none to show.
NO_PLAN = catalogue(
    "app_pages.state",
    {
        "no_plan": {"nl": "Kies of maak eerst een plan.", "en": "Choose or create a plan first."},
        "empty": {
            "nl": "Dit plan heeft nog geen toetsen. Lever een planning aan op de pagina "
            "Aanleveren.",
            "en": "This plan has no tests yet. Upload a schedule on the Upload page.",
        },
    },
)


def current_or_say() -> Current | None:
    """The plan on screen, or None after asking the user to choose or create one."""
    found = current()
    if found is None:
        st.info(t(NO_PLAN, "no_plan"))
    return found


def has_tests_or_say(found: Current) -> bool:
    """Whether the plan has tests; if not, says where to upload them."""
    if found.stored.plan.assessments.empty:
        st.info(t(NO_PLAN, "empty"))
        return False
    return True


@st.cache_resource(show_spinner=False, max_entries=8)
def _opened(url: str, plan: str, change: int, language: Lang) -> Checked:
    """A plan as it was at `change`, and its check: immutable, so every session that opens
    the same plan at the same change shares them (they are never changed in place)."""
    return open_checked(store(), plan, change, language)


def opened(plan: str, change: int, language: Lang) -> Checked:
    """A plan as it was at a change, with its check (shared and cached: it never changes)."""
    return _opened(db_url(), plan, change, language)


# The Edit page's draft: {"plan": name, "edits": TableEdits}; Plan a test adds to it too.
EDIT_DRAFT = f"{PAGE_STATE}.edit.draft"


def draft_edits(plan: str) -> TableEdits:
    """The session's draft of edits for this plan (a draft of another plan is dropped)."""
    draft = st.session_state.get(EDIT_DRAFT)
    if not draft or draft.get("plan") != plan:
        return TableEdits()
    edits: TableEdits = draft["edits"]
    return edits


def set_draft_edits(plan: str, edits: TableEdits) -> None:
    st.session_state[EDIT_DRAFT] = {"plan": plan, "edits": edits}


def plan_test(groups: list[str], subject: str = "", kind: str = "", monday: Any = None) -> None:
    """Open Plan a test for these groups (and subject, kind and week), to find another date."""
    st.session_state[FOCUS_TEST] = {
        "groups": groups, "subject": subject, "kind": kind, "monday": monday
    }  # fmt: skip
    st.switch_page("app_pages/plan_test.py")


def focus(*, group: str | None = None, pupil: str | None = None, monday: Any = None) -> None:
    """Open the calendar on a group (or pupil) and week."""
    st.session_state[FOCUS_GROUP] = group
    st.session_state[FOCUS_PUPIL] = pupil
    st.session_state[FOCUS_WEEK] = monday
    st.switch_page("app_pages/calendar.py")
