"""A feed's address as a QR code (PNG), for the classroom screen and the printed overview."""

from __future__ import annotations

import io

import segno


def qr_png(address: str, scale: int = 6) -> bytes:
    """The address as a QR code, readable by a phone's camera across a classroom."""
    out = io.BytesIO()
    segno.make(address, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
