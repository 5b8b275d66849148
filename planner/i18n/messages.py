"""What the engine says about input it cannot use (config errors, unusable files, cells that
cannot be read), and where it was: `Msg` renders in the language of the report."""

from __future__ import annotations

from planner.i18n.catalogue import catalogue
from planner.i18n.planning_messages import PLANNING

# Everything the engine says about input it cannot use: config errors, unusable files, and
# import problems (a cell that cannot be read), in Dutch and English.
MESSAGES = catalogue(
    __name__,
    {
        # cells of a plan
        "empty": {"nl": "{column} is leeg", "en": "{column} is empty"},
        "date": {
            "nl": "geen datum (schrijf 2026-03-10 of 10-03-2026)",
            "en": "not a date (use 2026-03-10 or 10-03-2026)",
        },
        "date_or_week": {
            "nl": "geen datum (schrijf 2026-03-10 of 10-03-2026, of een toetsweek: {weeks})",
            "en": "not a date (use 2026-03-10 or 10-03-2026, or a test week: {weeks})",
        },
        "weekday_mismatch": {
            "nl": "{date} is een {weekday}, geen {written}",
            "en": "{date} is a {weekday}, not a {written}",
        },
        "time": {"nl": "geen tijd (schrijf 08:30 of 0830)", "en": "not a time (use 08:30 or 0830)"},
        "repeat_across_files": {
            "nl": "staat ook in {where}: één keer meegeteld",
            "en": "also in {where}: counted once",
        },
        "export_no_assessment": {
            "nl": "afspraken zonder toets of huiswerk (lessen, informatie) overgeslagen: {count}",
            "en": "appointments without a test or homework (lessons, notes) left out: {count}",
        },
        "export_cancelled": {
            "nl": "vervallen of verplaatste items overgeslagen: {count}",
            "en": "withdrawn or moved items left out: {count}",
        },
        "week_no_day": {
            "nl": "week {week}: geen dag gegeven (een opdracht voor de hele week); "
            "geef hem een dag in Somtoday of voeg hem met de hand toe",
            "en": "week {week}: no day given (an assignment for the whole week); "
            "give it a day in Somtoday or add it by hand",
        },
        "kind_alias": {
            "nl": "{kind}: zet dit bij de aliassen (aliases) van een soort in school.toml "
            "(rijen {rows})",
            "en": "{kind}: add it to the aliases of a kind in school.toml (rows {rows})",
        },
        "one_column": {
            "nl": "maar één kolom gevonden ({found}): scheid de kolommen met ; , tab of |",
            "en": "only one column found ({found}): separate the columns with ; , tab or |",
        },
        "ambiguous_date": {
            "nl": "dubbelzinnige datum: dag-maand of maand-dag? Schrijf bijvoorbeeld 2026-03-04",
            "en": "ambiguous date: day-month or month-day? Write for example 2026-03-04",
        },
        "kind": {"nl": "onbekende soort (bekend: {known})", "en": "unknown kind (known: {known})"},
        "number": {"nl": "geen getal", "en": "not a number"},
        "negative": {"nl": "mag niet negatief zijn", "en": "must not be negative"},
        "at_least_one": {"nl": "moet minstens 1 zijn", "en": "must be at least 1"},
        "period": {"nl": "geen lesuur", "en": "not a lesson number"},
        "bool": {"nl": "gebruik ja/nee", "en": "use yes/no"},
        # school.toml
        "text": {"nl": "moet tekst zijn", "en": "must be text"},
        "true_false": {"nl": "moet true of false zijn", "en": "must be true or false"},
        "a_number": {"nl": "moet een getal zijn", "en": "must be a number"},
        "whole": {"nl": "moet een geheel getal zijn", "en": "must be a whole number"},
        "at_least": {"nl": "moet minstens {low} zijn", "en": "must be at least {low}"},
        "at_most": {"nl": "mag hoogstens {high} zijn", "en": "must be at most {high}"},
        "too_long": {
            "nl": "is te lang: {length} tekens (hoogstens {limit})",
            "en": "is too long: {length} characters (at most {limit})",
        },
        "too_many": {
            "nl": "heeft te veel onderdelen (hoogstens {limit})",
            "en": "has too many entries (at most {limit})",
        },
        "date_range": {
            "nl": "moet een datum tussen {first} en {last} zijn",
            "en": "must be a date between {first} and {last}",
        },
        "period_too_long": {
            "nl": "ligt te ver na het begin (hoogstens {days} dagen)",
            "en": "is too far after the start (at most {days} days)",
        },
        "date_required": {
            "nl": "is verplicht (een datum zoals 2026-03-10)",
            "en": "is required (a date such as 2026-03-10)",
        },
        "a_date": {
            "nl": "moet een datum zijn zoals 2026-03-10",
            "en": "must be a date such as 2026-03-10",
        },
        "test_kinds": {
            "nl": "moet een lijst toetssoorten zijn, zoals ['proefwerk'] (soorten: {known})",
            "en": "must be a list of test kinds such as ['proefwerk'] (kinds: {known})",
        },
        "patterns": {
            "nl": "moet een lijst groepspatronen zijn, zoals ['4*', '5H1']",
            "en": "must be a list of group patterns such as ['4*', '5H1']",
        },
        "tables": {
            "nl": "moet een lijst tabellen zijn ([[...]])",
            "en": "must be a list of tables ([[...]])",
        },
        "table": {"nl": "moet een tabel zijn", "en": "must be a table"},
        "unknown_key": {"nl": "onbekende sleutel", "en": "unknown key"},
        "severity": {
            "nl": "moet error, warning of info zijn",
            "en": "must be error, warning or info",
        },
        "aliases": {
            "nl": "moet een lijst woorden zijn, zoals ['PW', 'toets']",
            "en": "must be a list of words such as ['PW', 'toets']",
        },
        "alias_taken": {
            "nl": "alias wordt al gebruikt door soort {kind!r}",
            "en": "alias also used by kind {kind!r}",
        },
        "unknown_rule": {
            "nl": "onbekende regel (bekende regels: {known})",
            "en": "unknown rule (known rules: {known})",
        },
        "override_groups": {
            "nl": "een override heeft 'groups' nodig: de groepen waarvoor hij geldt",
            "en": "an override needs the groups it applies to",
        },
        "region": {"nl": "moet noord, midden of zuid zijn", "en": "must be noord, midden or zuid"},
        "language": {"nl": "moet nl of en zijn", "en": "must be nl or en"},
        "before": {"nl": "ligt vóór {other}", "en": "lies before {other}"},
        "dates": {"nl": "moet een lijst datums zijn", "en": "must be a list of dates"},
        "not_utf8": {"nl": "is geen UTF-8-tekst", "en": "is not UTF-8 text"},
        "column_map": {
            "nl": 'moet een tabel zijn zoals {{ "Toetsdatum" = "date" }}',
            "en": 'must be a table such as {{ "Toetsdatum" = "date" }}',
        },
        "column_target": {
            "nl": "is geen kolom van Toetsplanner (bekend: {known})",
            "en": "is not a Toetsplanner column (known: {known})",
        },
        "kind_target": {
            "nl": "is geen soort uit [kinds] (bekend: {known})",
            "en": "is not a kind from [kinds] (known: {known})",
        },
        "layout": {"nl": "moet auto, long of grid zijn", "en": "must be auto, long or grid"},
        "regex": {
            "nl": "is geen bruikbaar zoekpatroon (regex in RE2-syntaxis, zonder terugverwijzingen "
            "of lookaround): {reason}",
            "en": "is not a usable pattern (a regex in RE2 syntax, without backreferences or "
            "lookaround): {reason}",
        },
        "bad_toml": {"nl": "is geen geldige TOML: {reason}", "en": "is not valid TOML: {reason}"},
        # files
        "file_not_found": {"nl": "bestand niet gevonden", "en": "file not found"},
        "unreadable": {
            "nl": "kan niet gelezen worden ({reason})",
            "en": "cannot be read ({reason})",
        },
        "cannot_write": {"nl": "kan niet schrijven ({reason})", "en": "cannot write ({reason})"},
        # planner report
        "report_no_output": {
            "nl": "geef minstens één van --xlsx, --pdf, --ics, --csv, --plan-csv",
            "en": "give at least one of --xlsx, --pdf, --ics, --csv, --plan-csv",
        },
        "report_source": {
            "nl": "geef planbestanden of --plan (een plan in de database), niet allebei",
            "en": "give plan files or --plan (a plan in the database), not both",
        },
        "report_compare_one": {
            "nl": "met --plan vergelijkt --compare met één plan of moment",
            "en": "with --plan, --compare compares with one plan or moment",
        },
        "file_type": {
            "nl": "onbekend bestandstype {suffix}; gebruik {known}",
            "en": "unknown file type {suffix}; use {known}",
        },
        "missing_columns": {
            "nl": "verplichte kolom(men) ontbreken: {missing} (gevonden: {found})",
            "en": "missing required column(s) {missing} (found: {found})",
        },
        "more_labels": {"nl": "{shown} en nog {more}", "en": "{shown} and {more} more"},
        "empty_file": {"nl": "het bestand is leeg", "en": "the file is empty"},
        "not_text": {
            "nl": "geen tekstbestand (CSV): het bevat binaire gegevens",
            "en": "not a text (CSV) file: it holds binary data",
        },
        "read_bounded": {
            "nl": "kon niet gelezen worden binnen {seconds} s / {memory}: het bestand is "
            "beschadigd of geen gewone {what} (zie [import] max_seconds en max_memory_mb)",
            "en": "could not be read within {seconds} s / {memory}: the file is damaged or not "
            "a normal {what} (see [import] max_seconds and max_memory_mb)",
        },
        "format_excel": {"nl": "werkmap", "en": "workbook"},
        "format_csv": {"nl": "CSV-tabel", "en": "CSV file"},
        "format_ical": {"nl": "agenda (iCal)", "en": "calendar (iCal)"},
        "format_file": {"nl": "tabel", "en": "table"},
        "format_json": {"nl": "JSON-bestand", "en": "JSON file"},
        "json_invalid": {
            "nl": "geen geldige JSON (regel {line}, kolom {column}: {reason})",
            "en": "not valid JSON (line {line}, column {column}: {reason})",
        },
        "json_invalid_value": {
            "nl": "geen geldige JSON: {reason}",
            "en": "not valid JSON: {reason}",
        },
        "json_too_deep": {
            "nl": "de JSON is te diep genest om een lijst van afspraken te zijn",
            "en": "the JSON is nested too deeply to be a list of appointments",
        },
        "json_too_many_nodes": {
            "nl": "te veel objecten en lijsten in de JSON: {nodes} (hoogstens {limit}; "
            "zie [import] max_rows)",
            "en": "too many objects and arrays in the JSON: {nodes} (at most {limit}; "
            "see [import] max_rows)",
        },
        "json_no_list": {
            "nl": "geen lijst van afspraken of toetsen gevonden (gezocht onder: {envelopes})",
            "en": "no list of appointments or tests found (looked under: {envelopes})",
        },
        "json_not_records": {
            "nl": "de lijst bevat geen objecten met velden (zoals afspraken of toetsen)",
            "en": "the list does not hold objects with fields (such as appointments or tests)",
        },
        "too_large": {
            "nl": "te groot: {size} bytes (hoogstens {limit}; zie [import] max_bytes)",
            "en": "too large: {size} bytes (at most {limit}; see [import] max_bytes)",
        },
        "too_many_rows": {
            "nl": "te veel rijen: {rows} (hoogstens {limit}; zie [import] max_rows)",
            "en": "too many rows: {rows} (at most {limit}; see [import] max_rows)",
        },
        "too_many_rows_at_least": {
            "nl": "te veel rijen: {rows} of meer (hoogstens {limit}; zie [import] max_rows)",
            "en": "too many rows: {rows} or more (at most {limit}; see [import] max_rows)",
        },
        "csv_record_too_long": {
            "nl": "een rij van meer dan {limit} tekens; zo lang is geen rij van een planning "
            '(staat er een aanhalingsteken " dat nergens wordt gesloten?)',
            "en": "a row of more than {limit} characters; no row of a plan is that long "
            '(is there a quote " that is never closed?)',
        },
        "csv_too_many_columns": {
            "nl": "de kop heeft {columns} kolommen (hoogstens {limit}); zo breed is geen planning",
            "en": "the header has {columns} columns (at most {limit}); no plan is that wide",
        },
        "extra_cells": {
            "nl": "meer gevulde cellen dan de kop kolommen heeft (een scheidingsteken te veel?)",
            "en": "more filled cells than the header has columns (a delimiter too many?)",
        },
        "bad_csv": {
            "nl": "geen leesbaar CSV-bestand ({reason})",
            "en": "not a readable CSV file ({reason})",
        },
        "no_sheet": {
            "nl": "geen werkblad heeft de kolommen {wanted} (of Datum, Klas, Vak, Soort) in de "
            "eerste {rows} rijen",
            "en": "no sheet has the columns {wanted} (or Datum, Klas, Vak, Soort) in its first "
            "{rows} rows",
        },
        "bad_excel": {
            "nl": "geen leesbaar Excel-bestand ({reason})",
            "en": "not a readable Excel file ({reason})",
        },
        "bad_ical": {
            "nl": "geen leesbaar iCalendar-bestand ({reason})",
            "en": "not a readable iCalendar file ({reason})",
        },
        "no_vcalendar": {
            "nl": "geen iCalendar-bestand (geen VCALENDAR)",
            "en": "not an iCalendar file (no VCALENDAR)",
        },
        "members_columns": {
            "nl": "heeft een leerlingkolom (leerlingnummer/stamnr/pupil) en een groepskolom "
            "(klas/groep/group) nodig; gevonden: {found}",
            "en": "needs a pupil column (pupil/leerlingnummer/stamnr) and a group column "
            "(group/klas/groep); found: {found}",
        },
        "members_names": {
            "nl": "de leerlingkolom bevat namen: exporteer leerlingnummers (pseudoniem), "
            "geen namen; Toetsplanner bewaart geen namen van leerlingen",
            "en": "the pupil column holds names: export pupil numbers (pseudonymous), not "
            "names; Toetsplanner stores no pupil names",
        },
        "members_name": {
            "nl": "lijkt een naam, geen leerlingnummer: overgeslagen (exporteer leerlingnummers)",
            "en": "looks like a name, not a pupil number: left out (export pupil numbers)",
        },
        "suggest_apply_to": {
            "nl": "--apply-to werkt met een plan in de opslag (--plan)",
            "en": "--apply-to needs a plan in the store (--plan)",
        },
        "timetable_source": {
            "nl": "geef een Toronto-instantie (--toronto PAD/NAAM)",
            "en": "give a Toronto instance (--toronto PATH/NAME)",
        },
        "toronto_missing": {
            "nl": "bestand ontbreekt (een Toronto-instantie heeft .crs, .stu en .periods; "
            "hier geen .{kind})",
            "en": "file missing (a Toronto instance has .crs, .stu and .periods; no .{kind} here)",
        },
        "toronto_line": {"nl": "onleesbare regel: {line}", "en": "unreadable line: {line}"},
        "toronto_exam": {
            "nl": "examen {exam} staat niet in het .crs-bestand",
            "en": "exam {exam} is not in the .crs file",
        },
        "no_test_week": {
            "nl": "geen toetsweek '{week}' in school.toml (wel: {names})",
            "en": "no test week '{week}' in school.toml (there are: {names})",
        },
        "no_week_test": {
            "nl": "geen toets '{test}' in {week} (schrijf vak soort jaar; bedoelt u: {names})",
            "en": "no test '{test}' in {week} (write subject kind year; did you mean: {names})",
        },
        "no_week_slot": {
            "nl": "'{value}' is geen zitting van {week} (schrijf TOETS=JJJJ-MM-DD of "
            "TOETS=JJJJ-MM-DD/ZITTING, zitting 1-{sessions}; dagen {first} tot {last})",
            "en": "'{value}' is not a session of {week} (write TEST=YYYY-MM-DD or "
            "TEST=YYYY-MM-DD/SESSION, session 1-{sessions}; days {first} to {last})",
        },
        "no_week_room": {
            "nl": "{test} kan in {week} nergens heen: elke zitting die de toets mag hebben is "
            "uitgesloten (of hij staat vast in een uitgesloten zitting)",
            "en": "{test} has nowhere to go in {week}: every session it may have is kept off "
            "(or it is locked in a session kept off)",
        },
        "no_timetable": {
            "nl": "geen rooster zonder botsingen gevonden in {periods} tijdvakken",
            "en": "no clash-free timetable found in {periods} slots",
        },
        "timetable_columns": {
            "nl": "heeft kolommen groep (klas/groep/group), vak (vak/subject) en dag "
            "(dag/weekdag/weekday) nodig; gevonden: {found}",
            "en": "needs columns group (group/klas/groep), subject (subject/vak) and day "
            "(weekday/day/dag); found: {found}",
        },
        "weekday": {
            "nl": "geen weekdag (schrijf ma, di, wo, do, vr, een naam of 1-5)",
            "en": "not a weekday (write Mon, Tue, ..., a name, or 1-5)",
        },
        # calendar events
        "event_no_kind": {
            "nl": "geen soort gevonden: geef een categorie of zet PW of SO in de titel",
            "en": "no kind found: add a category or a word such as PW or SO to the title",
        },
        "event_no_group": {
            "nl": "geen klas of groep gevonden: noem hem in de titel (2A, 4h.wisB) of de "
            "agendanaam",
            "en": "no class or group found: name it in the title (2A, 4h.wisB) or the calendar",
        },
        "event_no_subject": {
            "nl": "geen vak gevonden: begin de titel met het vak of voeg een regel 'Vak: ...' toe",
            "en": "no subject found: start the title with the subject or add a line 'Vak: ...'",
        },
        "event_no_start": {
            "nl": "de afspraak heeft geen begin (DTSTART)",
            "en": "the event has no start (DTSTART)",
        },
        "event_bad_start": {
            "nl": "het begin van de afspraak (DTSTART) is onleesbaar: {reason}",
            "en": "the event's start (DTSTART) cannot be read: {reason}",
        },
        "event_bad_repeat": {
            "nl": "de herhaling van de afspraak kan niet worden uitgerekend: {reason}",
            "en": "the event's dates cannot be expanded: {reason}",
        },
        # iCal
        "ical_no_calendar": {
            "nl": "geen leesbaar iCalendar-bestand: er staat geen BEGIN:VCALENDAR in "
            "(exporteer de agenda als .ics)",
            "en": "not a readable iCalendar file: it has no BEGIN:VCALENDAR "
            "(export the calendar as .ics)",
        },
        "ical_binary": {
            "nl": "geen leesbaar iCalendar-bestand: het bevat binaire gegevens "
            "(exporteer de agenda als .ics)",
            "en": "not a readable iCalendar file: it holds binary data (export the calendar as "
            ".ics)",
        },
        "ical_too_deep": {
            "nl": "regel {line}: BEGIN:{kind} ligt meer dan {limit} onderdelen diep (BEGIN: "
            "zonder END:); zo is geen agenda opgebouwd",
            "en": "line {line}: BEGIN:{kind} is more than {limit} components deep (BEGIN: "
            "without END:); no calendar is built like that",
        },
        "ical_too_many_zones": {
            "nl": "regel {line}: meer dan {limit} tijdzones (VTIMEZONE); zoveel heeft geen agenda",
            "en": "line {line}: more than {limit} time zones (VTIMEZONE); no calendar has that "
            "many",
        },
        "ical_zone_too_long": {
            "nl": "regel {line}: tijdzone {tzid} (VTIMEZONE) is langer dan {limit} regels; zo "
            "lang is geen tijdzone",
            "en": "line {line}: time zone {tzid} (VTIMEZONE) is longer than {limit} lines; no "
            "time zone is that long",
        },
        "ical_too_many_series": {
            "nl": "te veel herhalende afspraken (RRULE, RDATE, RECURRENCE-ID) om uit te rekenen: "
            "{events} afspraken met samen {lines} regels en {dates} datums in RDATE en EXDATE "
            "(hoogstens {max_events} afspraken, {max_lines} regels en {max_dates} datums)",
            "en": "too many repeating events (RRULE, RDATE, RECURRENCE-ID) to expand: {events} "
            "events with {lines} lines and {dates} dates in RDATE and EXDATE together (at most "
            "{max_events} events, {max_lines} lines and {max_dates} dates)",
        },
        "ical_no_group_in_event": {
            "nl": "geen klas of groep gevonden: noem hem in de titel (2A, 4h.wisB) of zet een "
            "regel 'Klas: ...' in de beschrijving",
            "en": "no class or group found: name it in the title (2A, 4h.wisB) or add a line "
            "'Klas: ...' to the description",
        },
        "ical_no_group_pattern": {
            "nl": "geen klas of groep gevonden met [import.ical] group_pattern {pattern}",
            "en": "no class or group found with [import.ical] group_pattern {pattern}",
        },
        "ical_no_subject_pattern": {
            "nl": "geen vak gevonden: de titel past niet bij [import.ical] subject_pattern "
            "{pattern} en er is geen regel 'Vak: ...'",
            "en": "no subject found: the title does not match [import.ical] subject_pattern "
            "{pattern} and there is no line 'Vak: ...'",
        },
        "ical_bad_start": {
            "nl": "het begin van de afspraak (DTSTART) is geen datum of tijdstip zoals 20260310 of "
            "20260310T083000: {value}",
            "en": "the event's start (DTSTART) is not a date or time such as 20260310 or "
            "20260310T083000: {value}",
        },
        "ical_too_often": {
            "nl": "de afspraak komt meer dan {limit} keer voor in de periode; zo vaak is geen "
            "toets (controleer de herhaling, RRULE)",
            "en": "the event occurs more than {limit} times in the period; no test is that "
            "frequent (check its repetition, RRULE)",
        },
        # Excel
        "excel_encrypted": {
            "nl": "versleuteld of oud .xls-bestand: sla het op als .xlsx zonder wachtwoord",
            "en": "encrypted or old .xls file: save it as .xlsx without a password",
        },
        "excel_text": {
            "nl": "geen leesbaar Excel-bestand maar tekst (CSV?): geef het de extensie .csv of sla "
            "het in Excel op als .xlsx",
            "en": "not a readable Excel file but text (CSV?): rename it to .csv or save it as "
            ".xlsx in Excel",
        },
        "excel_not_workbook": {
            "nl": "geen leesbaar Excel-bestand: het is geen .xlsx-werkmap",
            "en": "not a readable Excel file: it is no .xlsx workbook",
        },
        "excel_too_big": {
            "nl": "het bestand is {size} bytes, meer dan [import] max_bytes = {limit}",
            "en": "the file has {size} bytes, more than [import] max_bytes = {limit}",
        },
        "excel_zip_bomb": {
            "nl": "pakt uit tot {size} bytes, meer dan {limit} (20 x [import] max_bytes): geen "
            "gewone werkmap",
            "en": "unpacks to {size} bytes, more than {limit} (20 x [import] max_bytes): not an "
            "ordinary workbook",
        },
        "excel_zip_ratio": {
            "nl": "onderdeel {part} pakt uit tot {ratio} keer zijn grootte (een gewone werkmap "
            "hooguit {limit} keer): geen gewone werkmap",
            "en": "part {part} unpacks to {ratio} times its size (an ordinary workbook at most "
            "{limit} times): not an ordinary workbook",
        },
        "excel_too_many_rows": {
            "nl": "werkblad {sheet!r} heeft {rows} rijen, meer dan [import] max_rows = {limit}: "
            "splits het bestand of verhoog max_rows",
            "en": "sheet {sheet!r} has {rows} rows, more than [import] max_rows = {limit}: split "
            "the file or raise max_rows",
        },
        "excel_too_many_cells": {
            "nl": "werkblad {sheet!r} beslaat {rows} rijen bij {columns} kolommen, meer dan "
            "{limit} cellen: staat er iets ver rechts of onder de tabel? Haal het weg of splits "
            "het bestand",
            "en": "sheet {sheet!r} spans {rows} rows by {columns} columns, more than {limit} "
            "cells: is there something far to the right of or below the table? Remove it or split "
            "the file",
        },
        "excel_too_many_columns": {
            "nl": "werkblad {sheet!r} loopt door tot kolom {columns}, voorbij de laatste kolom "
            "van Excel ({limit}, XFD): geen gewone werkmap",
            "en": "sheet {sheet!r} reaches column {columns}, past Excel's last column ({limit}, "
            "XFD): not an ordinary workbook",
        },
        "excel_cell_count": {
            "nl": "werkblad {sheet!r} heeft {cells} cellen, meer dan {limit}: splits het bestand",
            "en": "sheet {sheet!r} holds {cells} cells, more than {limit}: split the file",
        },
        "excel_too_many_merged": {
            "nl": "werkblad {sheet!r} heeft {count} of meer samengevoegde cellen, meer dan "
            "[import] max_rows = {limit}: maak ze los of splits het bestand",
            "en": "sheet {sheet!r} has {count} or more merged ranges, more than [import] "
            "max_rows = {limit}: unmerge them or split the file",
        },
        "excel_merged_overlap": {
            "nl": "werkblad {sheet!r}: samengevoegde cellen overlappen (samen {cells} cellen, "
            "meer dan het werkblad heeft): open het bestand in Excel en sla het opnieuw op",
            "en": "sheet {sheet!r}: merged ranges overlap (together {cells} cells, more than the "
            "sheet has): open the file in Excel and save it again",
        },
        "excel_shared_strings": {
            "nl": "onderdeel {part} zegt {count} teksten te bevatten, meer dan {limit} (de "
            "cellen die de werkbladen mogen hebben): geen gewone werkmap",
            "en": "part {part} declares {count} strings, more than {limit} (the cells its sheets "
            "may hold): not an ordinary workbook",
        },
        "excel_no_such_sheet": {
            "nl": "werkblad {sheet!r} ([import] sheet) bestaat niet; de werkbladen zijn: {sheets}",
            "en": "there is no sheet {sheet!r} ([import] sheet); the sheets are: {sheets}",
        },
        "excel_empty": {"nl": "de werkmap is leeg", "en": "the workbook is empty"},
        "excel_no_plan": {
            "nl": "geen werkblad heeft de kolommen {wanted} (of Datum, Klas, Vak, Soort) in de "
            "eerste {rows} rijen, en geen werkblad is een planner-rooster (datums of weken in de "
            "eerste kolom, vakken of klassen in de kopregel)",
            "en": "no sheet has the columns {wanted} (or Datum, Klas, Vak, Soort) in its first "
            "{rows} rows, nor is any sheet a planner grid (dates or weeks down the first column, "
            "subjects or classes across)",
        },
        "excel_no_grid": {
            "nl": "geen werkblad is een planner-rooster: datums (of week en dag) in de eerste "
            "kolom(men) en vakken of klassen in een kopregel in de eerste {rows} rijen",
            "en": "no sheet is a planner grid: dates (or week and day) down the first column(s) "
            "and subjects or classes across a header row in its first {rows} rows",
        },
        "grid_no_kind": {
            "nl": "geen soort in de cel (bekend: {known})",
            "en": "no kind in the cell (known: {known})",
        },
        "grid_no_subject": {
            "nl": "geen vak: begin de cel met het vak, zoals 'wiskunde PW H3'",
            "en": "no subject: start the cell with the subject, as in 'wiskunde PW H3'",
        },
        "grid_no_group": {
            "nl": "geen klas of groep: zet 'Klas: 2A' boven de tabel of noem het werkblad naar de "
            "klas",
            "en": "no class or group: put 'Klas: 2A' above the table or name the sheet after the "
            "class",
        },
        "grid_no_heading": {
            "nl": "de kolom heeft geen kop (een vak of een klas)",
            "en": "the column has no heading (a subject or a class)",
        },
        "grid_no_year": {
            "nl": "datum zonder jaar: zet het schooljaar in school.toml ([calendar] start en end) "
            "of boven de tabel ('Schooljaar 2025-2026')",
            "en": "a date without a year: give the school year in school.toml ([calendar] start "
            "and end) or above the table ('Schooljaar 2025-2026')",
        },
        "grid_no_day": {
            "nl": "alleen een week, geen dag: zet de dag erbij (ma, di, ...) of een datum",
            "en": "a week but no day: add the day (ma, di, ... or Mon, Tue, ...) or a date",
        },
        # the team store
        "db_open": {
            "nl": "de database kan niet worden geopend: {reason}",
            "en": "cannot open the database: {reason}",
        },
        "db_read": {
            "nl": "de database kan niet worden gelezen: {reason}",
            "en": "cannot read the database: {reason}",
        },
        "db_write": {
            "nl": "niet opgeslagen, er is niets veranderd: {reason}",
            "en": "not saved, nothing was changed: {reason}",
        },
        "db_newer": {
            "nl": "deze database is gemaakt door een nieuwere Toetsplanner (schema {found}, deze "
            "versie kent t/m {known}); werk Toetsplanner bij",
            "en": "this database was written by a newer Toetsplanner (schema {found}, this version "
            "knows up to {known}); update Toetsplanner",
        },
        "db_url": {
            "nl": "geen database-adres; gebruik een bestandsnaam (planner.db), sqlite:///pad.db of "
            "postgresql+psycopg://gebruiker@server/database",
            "en": "not a database address; use a file name (planner.db), sqlite:///path.db or "
            "postgresql+psycopg://user@host/database",
        },
        "db_folder": {"nl": "de map {folder} bestaat niet", "en": "folder {folder} does not exist"},
        "db_driver": {
            "nl": "PostgreSQL-ondersteuning ontbreekt: installeer toetsplanner[{extra}]",
            "en": "PostgreSQL support is missing: install toetsplanner[{extra}]",
        },
        "no_plan": {
            "nl": "er is geen plan '{plan}' (wel: {known})",
            "en": "there is no plan '{plan}' (there are: {known})",
        },
        "plan_exists": {"nl": "plan '{plan}' bestaat al", "en": "plan '{plan}' already exists"},
        "fewer_rows": {
            "nl": "niet opgeslagen, er is niets veranderd: opgeslagen zijn {stored} rijen die "
            "dit bestand zou vervangen, het bestand heeft er maar {new} die te lezen zijn "
            "(minder dan de helft)",
            "en": "not stored, nothing was changed: {stored} rows are stored that this file would "
            "replace, and the file has only {new} that can be read (under half)",
        },
        "plan_name": {
            "nl": "een plan heeft een naam nodig van hoogstens 200 tekens",
            "en": "a plan needs a name of at most 200 characters",
        },
        "no_person": {
            "nl": "wie doet dit? Geef een naam (--by)",
            "en": "who is doing this? Give a name (--by)",
        },
        "before_plan": {
            "nl": "plan '{plan}' bestond op {at} nog niet",
            "en": "plan '{plan}' did not exist yet at {at}",
        },
        "no_edits": {"nl": "geen wijzigingen", "en": "no changes"},
        "no_assessment": {
            "nl": "toets '{id}' staat niet in plan '{plan}'",
            "en": "test '{id}' is not in plan '{plan}'",
        },
        "ambiguous_assessment": {
            "nl": "toets-id '{id}' staat meer dan eens in plan '{plan}'; geef elke toets een "
            "eigen id",
            "en": "test id '{id}' occurs more than once in plan '{plan}'; give each test its own "
            "id",
        },
        "edit_field": {
            "nl": "kan niet worden gewijzigd: {fields}",
            "en": "cannot be changed: {fields}",
        },
        "edit_value": {
            "nl": "ongeldige waarde voor {field}: '{value}'",
            "en": "not a valid {field}: '{value}'",
        },
        "edit_missing": {
            "nl": "een nieuwe toets heeft nodig: {fields}",
            "en": "a new test needs: {fields}",
        },
        "no_change": {
            "nl": "plan '{plan}' heeft geen wijziging {change}",
            "en": "plan '{plan}' has no change {change}",
        },
        "undo_create": {
            "nl": "wijziging {change} maakte het plan aan; verwijder het plan niet zo",
            "en": "change {change} created the plan; it cannot be undone",
        },
        "undo_conflict": {
            "nl": "wijziging {change} kan niet ongedaan worden gemaakt: wijziging {later} heeft "
            "dezelfde rijen daarna al veranderd (maak eerst die ongedaan)",
            "en": "change {change} cannot be undone: change {later} changed the same rows later "
            "(undo that one first)",
        },
    },
)

# How a message says where: "rij 8, kolom 'date', waarde '32-03-2026'".
PLACES = catalogue(
    "planner.i18n.messages.places",
    {
        "row": {"nl": "rij", "en": "row"},
        "column": {"nl": "kolom", "en": "column"},
        "value": {"nl": "waarde", "en": "value"},
        "key": {"nl": "sleutel", "en": "key"},
    },
)


def message(key: str, lang: str, **values: object) -> str:
    texts = MESSAGES[key] if key in MESSAGES else PLANNING[key]
    return texts["en" if lang == "en" else "nl"].format(**values)


# The importers' name for the same function.
problem = message


class Msg:
    """A message whose language is chosen when it is shown (exceptions are raised before the
    language of the report is known)."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, **values: object) -> None:
        if key not in MESSAGES and key not in PLANNING:
            raise KeyError(key)
        self.key = key
        self.values = values

    def render(self, lang: str) -> str:
        # A value may itself be a message ("... not a normal {what}"): the same language.
        values = {k: v.render(lang) if isinstance(v, Msg) else v for k, v in self.values.items()}
        return message(self.key, lang, **values)

    def __str__(self) -> str:
        return self.render("en")
