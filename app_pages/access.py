"""Who is using the dashboard: Streamlit's login when `[auth]` is configured, else the name
typed in (local single-user mode). The decisions are planner.access's; this reads Streamlit."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from planner.access import Actor, actor, may_edit


def login_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section (OIDC login)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return False


def current_actor(typed_name: str = "") -> Actor | None:
    """The person of this session; None when a login is configured and nobody has logged in."""
    configured = login_configured()
    user = st.user.to_dict() if configured else None
    return actor(login_configured=configured, user=user, typed_name=typed_name)


__all__ = ["current_actor", "login_configured", "may_edit"]
