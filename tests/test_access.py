"""Who works on the plan: the logged-in e-mail with a login, a typed name without one."""

from __future__ import annotations

import pytest
from conftest import make_config

from planner.access import Actor, actor, may_edit
from planner.errors import ConfigError


def test_without_login_the_typed_name_is_the_person_and_may_edit() -> None:
    who = actor(login_configured=False, user=None, typed_name="  Anna ")
    assert who == Actor(name="Anna")
    assert who.person == "Anna"
    assert may_edit(who, ["someone@school.nl"])  # nobody is checked in local mode


def test_with_login_the_email_is_recorded() -> None:
    user = {"is_logged_in": True, "email": "A.deVries@School.nl", "name": "Anna de Vries"}
    who = actor(login_configured=True, user=user, typed_name="ignored")
    assert who is not None
    assert who.person == "a.devries@school.nl" and who.name == "Anna de Vries"


def test_with_login_but_nobody_logged_in_there_is_no_actor() -> None:
    assert actor(login_configured=True, user={"is_logged_in": False}) is None
    assert actor(login_configured=True, user=None) is None


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("a.devries@school.nl", True),
        ("j.jansen@wiskunde.school.nl", True),
        ("p.pietersen@school.nl", False),
    ],
)
def test_editors_may_change_the_plan_others_only_read(email: str, allowed: bool) -> None:
    config = make_config('[access]\neditors = ["A.deVries@school.nl", "*@wiskunde.school.nl"]')
    who = Actor(name=email, email=email, logged_in=True)
    assert may_edit(who, config.editors) is allowed
    assert may_edit(who, ())  # no list: every logged-in user may edit


def test_access_config_is_validated() -> None:
    with pytest.raises(ConfigError, match=r"access\.editors"):
        make_config("[access]\neditors = 3")
    with pytest.raises(ConfigError, match=r"access\.readers"):
        make_config('[access]\nreaders = ["x"]')
