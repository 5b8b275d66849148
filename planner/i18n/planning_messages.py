"""The messages of the planning features (where a test fits, the calendar feeds), kept beside
messages.py so that each stays readable; `MESSAGES` holds them too, so `Msg` takes their keys."""

from __future__ import annotations

from planner.i18n.catalogue import catalogue

PLANNING = catalogue(
    __name__,
    {
        "fit_unknown_group": {
            "nl": "geen groep '{group}' in het plan of de leerlingen (bedoelt u: {names})",
            "en": "no group '{group}' in the plan or the members (did you mean: {names})",
        },
        "fit_unknown_kind": {
            "nl": "geen soort '{kind}' in school.toml (bedoelt u: {names})",
            "en": "no kind '{kind}' in school.toml (did you mean: {names})",
        },
        "fit_no_subject": {"nl": "geen vak gegeven", "en": "no subject given"},
        "feed_unknown": {"nl": "onbekende agendakoppeling", "en": "unknown calendar feed"},
        "feed_no_group": {"nl": "geen groep '{group}' in het plan", "en": "no group '{group}'"},
        "feed_no_pupil": {"nl": "geen leerling '{pupil}'", "en": "no pupil '{pupil}'"},
        "feed_one_target": {"nl": "geef --group of --pupil", "en": "give --group or --pupil"},
        "overview_needs": {
            "nl": "--overview schrijft een PDF (--pdf) voor --group of --pupil",
            "en": "--overview writes a PDF (--pdf) for --group or --pupil",
        },
        "overview_feed": {
            "nl": "--feed {value}: schrijf NAAM=ADRES als er meer groepen of leerlingen zijn",
            "en": "--feed {value}: write NAME=ADDRESS when there are several groups or pupils",
        },
        "feeds_url": {
            "nl": "moet een webadres zijn dat begint met https:// of http://",
            "en": "must be a web address starting with https:// or http://",
        },
    },
)
