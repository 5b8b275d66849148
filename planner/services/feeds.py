"""Pupils' calendar feeds as the dashboard and the command line make them: the address a
calendar app subscribes to (its QR code: planner.exporters.qr)."""

from __future__ import annotations

from planner import settings
from planner.config import SchoolConfig


def feed_address(token: str, config: SchoolConfig) -> str:
    """The feed's address: `/feeds/TOKEN.ics` after the public base address (`[feeds]
    base_url` of school.toml, else $TOETSPLANNER_FEEDS_URL, else this machine's feed server)."""
    base = config.feeds_url or settings.feeds_url()
    return f"{base.rstrip('/')}/feeds/{token}.ics"


def webcal_address(address: str) -> str:
    """The same address as `webcal://`, which opens the subscription in a calendar app."""
    return "webcal://" + address.split("://", 1)[-1]
