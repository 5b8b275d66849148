"""Who is working: the logged-in user (Streamlit's OIDC login) or a name typed in, and whether
they may change the plan. Pure: the dashboard hands in what `st.user` says."""

from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Mapping, Sequence
from typing import Any


@dataclasses.dataclass(frozen=True, slots=True)
class Actor:
    """The person recorded in the store's history for what they do."""

    name: str
    email: str | None = None
    logged_in: bool = False

    @property
    def person(self) -> str:
        """What the history records: the login e-mail, else the typed name."""
        return self.email or self.name


def actor(
    *, login_configured: bool, user: Mapping[str, Any] | None, typed_name: str = ""
) -> Actor | None:
    """The actor of this session, or None when a login is configured and nobody is logged in
    (the dashboard then asks to log in). Without a login, the local single-user mode: the name
    typed in."""
    if not login_configured:
        return Actor(name=typed_name.strip())
    if not user or not user.get("is_logged_in"):
        return None
    email = str(user.get("email") or "").strip().casefold() or None
    name = str(user.get("name") or email or "").strip()
    return Actor(name=name, email=email, logged_in=True)


def may_edit(who: Actor, editors: Sequence[str]) -> bool:
    """Editors are e-mail patterns (`a@school.nl`, `*@wiskunde.school.nl`). With a list, only a
    logged-in user on it may change the plan; without one, everyone may. In local mode (no
    login) there is nobody to check, so the list cannot apply."""
    if not editors or not who.logged_in:
        return True
    email = who.email or ""
    return any(fnmatch.fnmatchcase(email, pattern.casefold()) for pattern in editors)
