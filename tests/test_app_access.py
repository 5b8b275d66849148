"""The dashboard records the logged-in e-mail with a login, the typed name without one
(Streamlit's AppTest runs the real st.user and st.secrets)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def script() -> None:
    import streamlit as st

    from app_pages.access import current_actor, may_edit

    who = current_actor(typed_name="Anna (lokaal)")
    if who is None:
        st.write("log in")
    else:
        st.write(f"{who.person}|{may_edit(who, ['*@wiskunde.school.nl'])}")


def test_local_mode_without_login_uses_the_typed_name() -> None:
    at = AppTest.from_function(script).run()
    assert not at.exception
    assert at.markdown[0].value == "Anna (lokaal)|True"


def test_with_login_the_email_is_the_person_and_editors_apply() -> None:
    at = AppTest.from_function(script)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    at.user = {"is_logged_in": True, "email": "j.jansen@wiskunde.school.nl", "name": "Jan"}
    at.run()
    assert at.markdown[0].value == "j.jansen@wiskunde.school.nl|True"
    at.user = {"is_logged_in": True, "email": "p.pieters@school.nl", "name": "Piet"}
    at.run()
    assert at.markdown[0].value == "p.pieters@school.nl|False"


def test_with_login_but_not_logged_in_asks_to_log_in() -> None:
    at = AppTest.from_function(script)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    at.user = {"is_logged_in": False}
    at.run()
    assert at.markdown[0].value == "log in"
