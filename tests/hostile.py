"""A corpus of hostile and damaged files, generated on demand: what an attacker (or an unlucky
teacher) can upload. tests/test_hostile.py runs every case through `planner check` and
bench/bench_hostile.py prints each one's time, peak memory and message.

Each case writes its file into a folder and says what must happen: `refused` (exit 2 with one
line naming the file) or `read` (the file loads; its bad parts are problems). `scale` grows the
cases that need size to show their effect (1 in the tests, larger in the benchmark).
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

# --- a workbook written by hand, so that every part can be made wrong ---------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Planning" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# The header and one good row, as shared strings 0-7.
_STRINGS = ("datum", "klas", "vak", "soort", "2026-03-10", "2A", "wiskunde", "PW")


def column_name(number: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def _good_rows() -> str:
    cells = [
        "".join(
            f'<c r="{column_name(c + 1)}{r + 1}" t="s"><v>{r * 4 + c}</v></c>' for c in range(4)
        )
        for r in range(2)
    ]
    return "".join(f'<row r="{r + 1}">{cells[r]}</row>' for r in range(2))


def workbook(
    *,
    rows: str | None = None,
    dimension: str | None = "A1:D2",
    merges: str = "",
    strings: str | None = None,
    extra_parts: dict[str, bytes] | None = None,
) -> bytes:
    """An .xlsx whose sheet holds `rows` (default: the header and one good row)."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f"<sheetData>{_good_rows() if rows is None else rows}</sheetData>"
        + (f"<mergeCells>{merges}</mergeCells>" if merges else "")
        + "</worksheet>"
    )
    if strings is None:
        items = "".join(f"<si><t>{s}</t></si>" for s in _STRINGS)
        strings = f'<sst xmlns="{_MAIN}" count="{len(_STRINGS)}" uniqueCount="{len(_STRINGS)}">'
        strings += f"{items}</sst>"
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES.encode(),
        "_rels/.rels": _RELS.encode(),
        "xl/workbook.xml": _WORKBOOK.encode(),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS.encode(),
        "xl/worksheets/sheet1.xml": sheet.encode(),
        "xl/sharedStrings.xml": strings.encode(),
        **(extra_parts or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return out.getvalue()


# --- the cases ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    file: str
    expect: str  # "refused" or "read"
    write: Callable[[Path, int], None]
    school: str = ""  # school.toml text for the case, when it needs other limits
    note: str = ""


def _shared_strings_count(path: Path, scale: int) -> None:
    items = "".join(f"<si><t>{s}</t></si>" for s in _STRINGS)
    declared = 1_000_000_000
    strings = f'<sst xmlns="{_MAIN}" count="{declared}" uniqueCount="{declared}">{items}</sst>'
    path.write_bytes(workbook(strings=strings))


def _wide_without_dimension(path: Path, scale: int) -> None:
    far = '<row r="1000000"><c r="XFD1000000"><v>1</v></c></row>'
    path.write_bytes(workbook(rows=_good_rows() + far, dimension=None))


def _one_wide_row(path: Path, scale: int) -> None:
    cells = "".join(f'<c r="{column_name(c)}3"><v>{c}</v></c>' for c in range(1, 16385))
    path.write_bytes(workbook(rows=_good_rows() + f'<row r="3">{cells}</row>', dimension=None))


# A header of 16384 labels (Excel's every column) over a few hundred rows of a real plan: within
# every limit, and each label was once a column of cells built and then thrown away.
WIDE = 16_384
WIDE_ROWS = 300
WIDE_LABELS = ("Datum", "Klas", "Vak", "Soort", *(f"eigen kolom {c}" for c in range(5, WIDE + 1)))


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def wide_header(labels: tuple[str, ...] = WIDE_LABELS, rows: int = WIDE_ROWS) -> bytes:
    """A workbook whose header row holds `labels`, over `rows` rows of 9 March 2026, 2A,
    wiskunde, PW (columns A-D)."""
    head = "".join(_inline(f"{column_name(c + 1)}1", label) for c, label in enumerate(labels))
    body = "".join(
        f'<row r="{r}"><c r="A{r}"><v>46090</v></c>{_inline(f"B{r}", "2A")}'
        f"{_inline(f'C{r}', 'wiskunde')}{_inline(f'D{r}', 'PW')}</row>"
        for r in range(2, rows + 2)
    )
    return workbook(rows=f'<row r="1">{head}</row>{body}', dimension=None)


def wide_csv(labels: tuple[str, ...] = WIDE_LABELS, rows: int = WIDE_ROWS) -> str:
    """The same as a Dutch CSV: a header of `labels` separated by `;`, rows of four cells."""
    return "\n".join([";".join(labels), *["10-03-2026;2A;wiskunde;PW"] * rows]) + "\n"


def _wide_header(path: Path, scale: int) -> None:
    path.write_bytes(wide_header())


def _csv_wide_header(path: Path, scale: int) -> None:
    path.write_text(wide_csv(), encoding="utf-8")


def _overlapping_merges(path: Path, scale: int) -> None:
    merges = "".join(
        f'<mergeCell ref="A{1 + i % 50}:{column_name(200 + i % 300)}{2000 + i}"/>'
        for i in range(2000)
    )
    path.write_bytes(workbook(merges=merges))


def _huge_dimension(path: Path, scale: int) -> None:
    path.write_bytes(workbook(dimension="A1:XFD1048576"))


def _xxe(path: Path, scale: int) -> None:
    evil = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>&x;</t></si></sst>'
    )
    path.write_bytes(workbook(strings=evil))


def _billion_laughs(path: Path, scale: int) -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    evil = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
        f'<sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>&a9;</t></si></sst>'
    )
    path.write_bytes(workbook(strings=evil))


def _zip_bomb(path: Path, scale: int) -> None:
    # 100 MB of spaces packed into 100 kB; refused by what it unpacks to (20 x max_bytes).
    sheet = f'<worksheet xmlns="{_MAIN}"><sheetData>{_good_rows()}</sheetData></worksheet>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in {
            "[Content_Types].xml": _CONTENT_TYPES.encode(),
            "_rels/.rels": _RELS.encode(),
            "xl/workbook.xml": _WORKBOOK.encode(),
            "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS.encode(),
        }.items():
            book.writestr(name, data)
        with book.open("xl/worksheets/sheet1.xml", "w") as part:
            chunk = b" " * 2_000_000
            for _ in range(50):
                part.write(chunk)
            part.write(sheet.encode())
    path.write_bytes(out.getvalue())


def _csv_against_the_sniffer(path: Path, scale: int) -> None:
    # A separator before a quote, never a quote before the separator: a backtracking
    # delimiter guess (csv.Sniffer) scans to the end from every one of them, n^2.
    path.write_text("datum;klas;vak;soort\n" + ',"a' * (48_000 * scale) + "\n", encoding="utf-8")


def _csv_one_long_line(path: Path, scale: int) -> None:
    unit = 'x;"y",z\t|'
    path.write_text("datum;klas;vak;soort\n" + unit * (500_000 * scale) + "\n", encoding="utf-8")


def _csv_too_many_rows(path: Path, scale: int) -> None:
    row = "10-03-2026;2A;wiskunde;PW\n"
    path.write_text("datum;klas;vak;soort\n" + row * (200_000 * scale), encoding="utf-8")


def _nul_bytes(path: Path, scale: int) -> None:
    path.write_bytes(b"datum;klas;vak;soort\n\x00\x00\x00" * 1000)


def _bad_utf8(path: Path, scale: int) -> None:
    path.write_bytes(b"datum;klas;vak;soort\n10-03-2026;2A;wisk\xff\xfeunde;PW\n")


def _too_large(path: Path, scale: int) -> None:
    with path.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200_000_000)


def _gpu017_many_courses(path: Path, scale: int) -> None:
    # Untis' exam file (no header): every exam is a row per course, so twelve lines of 20,000
    # courses each (a field holds at most 131,072 characters) would be 240,000 rows.
    courses = "~".join(f"{n:x}" for n in range(20_000))
    line = f'"K";1;"T";20260310;1;2;"{courses}";"1";"Probe_Anna_20080101";"ABC";"R1";\r\n'
    path.write_text(line * (12 * scale), encoding="utf-8")


def _json_distinct_keys(path: Path, scale: int) -> None:
    # Every record its own names: a column per name over all records would be quadratic (the
    # reader then flattens record by record).
    row = '"datum":"2026-03-10","klas":"2A","vak":"wiskunde","soort":"PW"'
    records = ",".join(f'{{"k{n}":{n},{row}}}' for n in range(150_000 * scale))
    path.write_text(f"[{records}]", encoding="utf-8")


def _calendar(body: str) -> str:
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//NL\r\n{body}END:VCALENDAR\r\n"


_EVENT = (
    "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260310\r\n"
    "SUMMARY:PW wiskunde 2A\r\n{extra}END:VEVENT\r\n"
)


def _nested_begins(path: Path, scale: int) -> None:
    path.write_text(_calendar("BEGIN:VEVENT\r\n" * (30_000 * scale)), encoding="utf-8")


def _nested_time_zones(path: Path, scale: int) -> None:
    zone = "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n"
    depth = 20_000 * scale
    path.write_text(_calendar(zone * depth + "END:VTIMEZONE\r\n" * depth), encoding="utf-8")


def _rrule_without_end(path: Path, scale: int) -> None:
    event = _EVENT.format(uid="r1", extra="RRULE:FREQ=DAILY\r\n")
    path.write_text(_calendar(event), encoding="utf-8")


def _rrule_count_billion(path: Path, scale: int) -> None:
    event = _EVENT.format(uid="r2", extra="RRULE:FREQ=MINUTELY;COUNT=1000000000\r\n")
    path.write_text(_calendar(event + _EVENT.format(uid="ok", extra="")), encoding="utf-8")


def _rrule_secondly(path: Path, scale: int) -> None:
    runaway = _EVENT.format(uid="r3", extra="RRULE:FREQ=SECONDLY\r\n")
    path.write_text(_calendar(runaway + _EVENT.format(uid="ok", extra="")), encoding="utf-8")


def _many_events(path: Path, scale: int) -> None:
    events = "".join(_EVENT.format(uid=f"e{i}", extra="") for i in range(21_000 * scale))
    path.write_text(_calendar(events), encoding="utf-8")


def _json_nested(path: Path, scale: int) -> None:
    depth = 100_000 * scale
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")


def _json_tiny_objects(path: Path, scale: int) -> None:
    # 12 million empty objects in 36 MB: millions of dicts if it were parsed
    path.write_text("[" + "{}," * (12_000_000 * scale) + "{}]", encoding="utf-8")


def _json_long_number(path: Path, scale: int) -> None:
    path.write_text('[{"start": ' + "9" * (1_000_000 * scale) + "}]", encoding="utf-8")


def _json_long_string(path: Path, scale: int) -> None:
    # one 40 MB text in an otherwise good appointment
    title = "x" * (40_000_000 * scale)
    path.write_text(
        '[{"start": 1773127800, "subjects": ["wi"], "groups": ["2A"], "type": "exam", '
        f'"remark": "{title}"}}]',
        encoding="utf-8",
    )


SMALL_ROWS = "[import]\nmax_rows = 1000\n"

CASES: tuple[Case, ...] = (
    Case("xlsx-shared-strings-count", "plan.xlsx", "refused", _shared_strings_count),
    Case("xlsx-wide-no-dimension", "plan.xlsx", "refused", _wide_without_dimension),
    Case("xlsx-one-wide-row", "plan.xlsx", "read", _one_wide_row),
    Case("xlsx-wide-header", "plan.xlsx", "read", _wide_header),
    Case("csv-wide-header", "plan.csv", "read", _csv_wide_header),
    Case("xlsx-overlapping-merges", "plan.xlsx", "refused", _overlapping_merges),
    Case("xlsx-huge-dimension", "plan.xlsx", "read", _huge_dimension),
    Case("xlsx-xxe", "plan.xlsx", "refused", _xxe),
    Case("xlsx-billion-laughs", "plan.xlsx", "refused", _billion_laughs),
    Case("xlsx-zip-bomb", "plan.xlsx", "refused", _zip_bomb, "[import]\nmax_bytes = 1000000\n"),
    Case("csv-against-the-sniffer", "plan.csv", "refused", _csv_against_the_sniffer),
    Case("csv-one-long-line", "plan.csv", "refused", _csv_one_long_line),
    Case("csv-too-many-rows", "plan.csv", "refused", _csv_too_many_rows, SMALL_ROWS),
    Case("csv-nul-bytes", "plan.csv", "refused", _nul_bytes),
    Case("csv-bad-utf8", "plan.csv", "read", _bad_utf8),
    Case("csv-200-mb", "plan.csv", "refused", _too_large),
    Case("gpu017-many-courses", "GPU017.TXT", "refused", _gpu017_many_courses),
    Case("ics-nested-begins", "rooster.ics", "refused", _nested_begins),
    Case("ics-nested-time-zones", "rooster.ics", "refused", _nested_time_zones),
    Case("ics-rrule-without-end", "rooster.ics", "read", _rrule_without_end),
    Case("ics-rrule-count-billion", "rooster.ics", "read", _rrule_count_billion),
    Case("ics-rrule-secondly", "rooster.ics", "read", _rrule_secondly),
    Case("ics-many-events", "rooster.ics", "read", _many_events),
    Case("json-nested", "export.json", "refused", _json_nested),
    Case("json-tiny-objects", "export.json", "refused", _json_tiny_objects),
    Case("json-long-number", "export.json", "refused", _json_long_number),
    Case("json-long-string", "export.json", "read", _json_long_string),
    Case("json-200-mb", "export.json", "refused", _too_large),
    Case("json-distinct-keys", "export.json", "read", _json_distinct_keys),
)


def write(case: Case, folder: Path, scale: int = 1) -> tuple[Path, Path | None]:
    """The case's file (and its school.toml, if it has one) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / case.file
    case.write(path, scale)
    school = None
    if case.school:
        school = folder / "school.toml"
        school.write_text(case.school, encoding="utf-8")
    return path, school
