"""The Calendar page's feed panel: a live calendar feed for the group or pupil shown, with its
link, a `webcal://` link and a QR code for the classroom screen; the feeds made before, and
revoking one. Readers see the feeds but cannot make or revoke them."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app_pages import state
from app_pages.words import md_escape
from planner.errors import PlannerError
from planner.exporters.overview import overview_pdf
from planner.exporters.qr import qr_png
from planner.history import fmt_moment
from planner.i18n import catalogue
from planner.services.feeds import feed_address, webcal_address
from planner.storage import Target

PANEL = "feeds"
L = catalogue(
    "app_pages.feed_panel",
    {
        "title": {"nl": "Agenda-koppeling voor {name}", "en": "Calendar feed for {name}"},
        "intro": {
            "nl": "Een geheim adres dat leerlingen in hun agenda-app zetten (Google Agenda, "
            "Outlook, Apple Agenda): hun toetsen en huiswerk, altijd zoals het plan nu is.",
            "en": "A secret address pupils add to their calendar app (Google Calendar, Outlook, "
            "Apple Calendar): their tests and homework, always as the plan is now.",
        },
        "tests_only": {"nl": "Alleen toetsen (geen huiswerk)", "en": "Tests only (no homework)"},
        "make": {"nl": "Koppeling maken", "en": "Make a feed"},
        "made": {
            "nl": "Koppeling gemaakt. Dit adres staat nergens anders: bewaar het of laat de "
            "QR-code zien.",
            "en": "Feed made. This address is shown only now: keep it or show the QR code.",
        },
        "webcal": {"nl": "In agenda-app openen", "en": "Open in calendar app"},
        "existing": {"nl": "Bestaande koppelingen", "en": "Existing feeds"},
        "line": {
            "nl": "#{id} ({what}), gemaakt door {by} op {at}; {fetched}",
            "en": "#{id} ({what}), made by {by} on {at}; {fetched}",
        },
        "all": {"nl": "toetsen en huiswerk", "en": "tests and homework"},
        "tests": {"nl": "alleen toetsen", "en": "tests only"},
        "fetched": {"nl": "laatst opgehaald {at}", "en": "last fetched {at}"},
        "never": {"nl": "nog niet opgehaald", "en": "not fetched yet"},
        "revoke": {"nl": "Intrekken", "en": "Revoke"},
        "revoked": {"nl": "Koppeling #{id} ingetrokken.", "en": "Feed #{id} revoked."},
        "overview": {"nl": "Overzicht afdrukken (PDF)", "en": "Printable overview (PDF)"},
        "overview_help": {
            "nl": "Een A4 per week-rooster van de weken hierboven, met de QR-code van de "
            "koppeling die u net maakte.",
            "en": "An A4 with the weeks shown above, with the QR code of the feed you just made.",
        },
        "read_only": {
            "nl": "Koppelingen maken of intrekken kan alleen wie het plan mag wijzigen.",
            "en": "Only those who may change the plan can make or revoke feeds.",
        },
        "need_person": {
            "nl": "Vul links uw naam in om een koppeling te maken.",
            "en": "Enter your name on the left to make a feed.",
        },
    },
)


def k(name: str) -> str:
    return state.key(PANEL, name)


def feed_panel(
    current: state.Current, kind: Target, target: str, first: dt.date, weeks: int
) -> None:
    """The panel for one group or pupil of the plan on screen, and the printable overview of
    the weeks shown (`first`, `weeks`)."""
    lang = state.lang()
    store = state.store()
    plan = current.name
    person = state.person()
    may = state.editable() and bool(person)
    st.subheader(state.t(L, "title", name=md_escape(target)))
    st.caption(state.t(L, "intro"))
    if not state.editable():
        st.caption(state.t(L, "read_only"))
    elif not person:
        st.caption(state.t(L, "need_person"))
    tests_only = st.checkbox(state.t(L, "tests_only"), key=k("tests_only"), disabled=not may)
    if st.button(state.t(L, "make"), key=k("make"), disabled=not may, icon=":material/link:"):
        try:
            token, feed, _ = store.add_feed(
                plan, kind, target, person=person, tests_only=tests_only
            )
        except PlannerError as exc:
            st.error(md_escape(exc.one_line(lang)))
        else:
            st.session_state[k("new")] = (plan, kind, target, token, feed.id)
    new = st.session_state.get(k("new"))
    address = None
    if new is not None and new[:3] == (plan, kind, target):
        address = feed_address(new[3], current.stored.config)
        st.success(state.t(L, "made"))
        st.code(address, language=None)
        st.link_button(state.t(L, "webcal"), webcal_address(address))
        st.image(qr_png(address), width=240)
    stored = current.stored

    def overview() -> bytes:  # made when clicked, not on every run of the page
        return overview_pdf(
            stored.plan, stored.config, groups=[target] if kind == "group" else [],
            pupils=[target] if kind == "pupil" else [], members=stored.members, first=first,
            weeks=weeks, lang=lang, feeds={target: address} if address else None,
            made=dt.date.today(),
        )  # fmt: skip

    st.download_button(
        state.t(L, "overview"),
        data=overview,
        file_name=f"overzicht-{target}.pdf",
        mime="application/pdf",
        help=state.t(L, "overview_help"),
        key=k("overview"),
        icon=":material/print:",
    )
    mine = [
        f for f in store.feeds(plan) if f.active and (f.target_kind, f.target) == (kind, target)
    ]
    if not mine:
        return
    st.markdown(f"**{state.t(L, 'existing')}**")
    for feed in mine:
        fetched = (
            state.t(L, "fetched", at=fmt_moment(feed.last_fetched, lang))
            if feed.last_fetched is not None
            else state.t(L, "never")
        )
        line = state.t(
            L,
            "line",
            id=feed.id,
            what=state.t(L, "tests" if feed.tests_only else "all"),
            by=md_escape(feed.made_by),
            at=fmt_moment(feed.made_at, lang),
            fetched=fetched,
        )
        c1, c2 = st.columns([5, 1])
        c1.markdown(line)
        if c2.button(state.t(L, "revoke"), key=k(f"revoke.{feed.id}"), disabled=not may):
            store.revoke_feed_by_id(plan, feed.id, person=person)
            st.session_state.pop(k("new"), None)
            st.toast(state.t(L, "revoked", id=feed.id))
            st.rerun()
