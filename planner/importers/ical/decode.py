"""An iCalendar file's bytes as unfolded text: size limit, byte order marks and encodings.

The text is UTF-8, with a UTF-8 or UTF-16 byte order mark respected; a line that is not UTF-8
(an Outlook export in Windows-1252) is decoded as Windows-1252 without losing a character. A
file with binary data cannot be used at all (InvalidInput), nor one larger than
`[import] max_bytes`.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from planner.config import ImportSettings
from planner.errors import InvalidInput
from planner.i18n import Msg
from planner.importers.common import read_bytes, windows_1252
from planner.importers.ical.lines import unfold, unfold_text


def read_text(path: Path, settings: ImportSettings) -> str:
    """The file's unfolded text (its size checked against `[import] max_bytes`)."""
    return decode(read_bytes(path, settings), path.name)


def decode(data: bytes, source: str) -> str:
    """Unfolded text: a BOM decides the encoding, else UTF-8, else Windows-1252 per line."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return unfold_text(data.decode("utf-16", errors="replace"))
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if b"\x00" in data[:8192]:
        raise InvalidInput(Msg("ical_binary"), source=source)
    # Unfold before decoding: a writer may fold a line inside a multi-byte character.
    data = unfold(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = []
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(windows_1252(line))
    return "\n".join(lines)
