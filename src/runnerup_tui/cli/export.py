"""``runnerup export csv|ics|vcard``: the agenda in a calendar, candidates in an address book or a spreadsheet.

Read-only: nothing in the library changes and nothing is committed. The file goes to stdout, exact (like
``--json``), or with ``-o`` to a file replaced in one step: a calendar or sync client never reads half of it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from runnerup_tui.domain.problems import RunnerupError, UsageError
from runnerup_tui.domain.safe_text import excerpt

FORMATS = ("csv", "ics", "vcard")
WITHIN_DAYS = 30  # a calendar is planned further ahead than the daily `due`


class _Made(NamedTuple):
    """An export's bytes, how many things it holds (for the line on stderr) and the ids it had to leave out."""

    data: bytes
    count: int
    what: str
    left_out: list[str]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``export`` to the command line."""
    from runnerup_tui.cli import main as cli  # main's helpers, shared by every command (imported when called)

    p = sub.add_parser(
        "export",
        help="the agenda as a calendar (ics), candidates as contacts (vcard) or a spreadsheet (csv)",
        description="Write the agenda or the candidates in another program's format; changes nothing in the"
        " library. ics: one all-day event per agenda item (follow-ups, rejection calls, consent, honest"
        " conversations) with an alarm at 9:00; vcard: one contact per candidate (closed ones left out);"
        " csv: one row per candidate (the README lists the columns).",
    )
    p.add_argument("format", choices=FORMATS, help="csv, ics or vcard")
    p.add_argument("-o", "--output", metavar="FILE", help="write FILE (replaced in one step) instead of stdout")
    p.add_argument(
        "--within",
        type=cli.days_within,
        metavar="DAYS",
        help=f"ics only: what falls due in the next DAYS days, overdue items included (default: {WITHIN_DAYS})",
    )
    p.add_argument(
        "--owner",
        metavar="me|NAME",
        help="only the candidates this person keeps the relationship with (me: your git user name,"
        " as `search owner:me`; NAME: part of the owner's name)",
    )


def cmd_export(args: argparse.Namespace) -> int:
    """Write the export to stdout or ``-o FILE``."""
    from runnerup_tui.cli import main as cli

    if args.within is not None and args.format != "ics":
        raise UsageError(f"--within is for `export ics` (the agenda's horizon), not `export {args.format}`")
    opened = cli.open_for(args)
    library = opened.library
    target = _output_path(args.output, library.root) if args.output else None
    wanted = _owner_filter(args.owner, library)
    today = cli.pinned_today()
    if args.format == "ics":
        within = args.within if args.within is not None else WITHIN_DAYS
        made = _calendar(library, today, within, wanted)
    else:
        made = _candidates(library, args.format, wanted)
    broken = sorted({*library.problem_ids("candidates"), *made.left_out})
    if broken:
        shown = ", ".join(broken[:5]) + (f" and {len(broken) - 5} more" if len(broken) > 5 else "")
        print(
            f"runnerup: warning: left out {len(broken)} candidate file(s) with errors ({shown}); `runnerup check`"
            " says what is wrong",
            file=sys.stderr,
        )
    if target is None:
        _write_stdout(made.data)
    else:
        from runnerup_tui.store.yamldoc import atomic_write

        try:
            atomic_write(target, made.data)
        except OSError as err:
            raise RunnerupError(f"cannot write {excerpt(str(target))}: {err.strerror or err}") from None
        print(f"exported {made.count} {made.what} to {target}", file=sys.stderr)
    return 0


def _calendar(library: Any, today: dt.date, within: int, wanted: Callable[[str | None], bool]) -> _Made:
    from runnerup_tui.domain.agenda import agenda
    from runnerup_tui.domain.exports.ics import agenda_calendar
    from runnerup_tui.store.records import read_candidates

    items = [
        item
        for item in agenda(library.index.candidates.values(), library.settings, today, within)
        if wanted(item.owner)
    ]
    # a record unreadable since the index read it only loses its contact lines: its item is still due
    records, _ = read_candidates(library, dict.fromkeys(item.id for item in items))
    contacts = {cid: _contact_lines(record) for cid, record in records}
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    data = agenda_calendar(items, library=library.name, today=today, stamp=stamp, contacts=contacts)
    return _Made(data, len(items), "agenda item(s)", [])


def _contact_lines(record: Any) -> list[str]:
    """How to reach them, for the calendar event's description."""
    contact = record.contact
    if contact is None:
        return []
    found = [("Email", contact.email), ("Phone", contact.phone), ("LinkedIn", contact.linkedin)]
    return [f"{label}: {value}" for label, value in found if value]


def _candidates(library: Any, kind: str, wanted: Callable[[str | None], bool]) -> _Made:
    from runnerup_tui.domain.relationship import follow_up_date
    from runnerup_tui.store.records import read_candidates

    entries = {e.id: e for e in sorted(library.index.candidates.values(), key=lambda e: (e.name_key, e.id))}
    ids = [cid for cid, entry in entries.items() if wanted(entry.owner)]
    records, unread = read_candidates(library, ids)
    if kind == "csv":
        from runnerup_tui.domain.exports.table import candidate_table

        settings = library.settings
        table = candidate_table(records, lambda cid: follow_up_date(entries[cid], settings))
        return _Made(table, len(records), "candidate(s)", unread)
    from runnerup_tui.domain.exports.vcard import contact_cards, exported

    return _Made(contact_cards(library.name, records), sum(exported(r) for _, r in records), "contact(s)", unread)


def _owner_filter(owner: str | None, library: Any) -> Callable[[str | None], bool]:
    """Whose candidates ``--owner`` asks for: everyone's without it."""
    if owner is None:
        return lambda _owner: True
    if not owner.strip():
        raise UsageError("--owner: give `me` or a name")
    if owner.strip().lower() == "me":
        from runnerup_tui.cli import main as cli

        me = cli.whoami(library)
        if not me.names:
            raise UsageError(f"--owner me: {me.unknown}")
        return me.owns
    from runnerup_tui.domain.exports import owned_by

    return lambda theirs: owned_by(theirs, owner)


def _output_path(given: str, root: Path) -> Path:
    """Where ``-o`` writes: through a link to the file it names; never a folder, nor a file of the library."""
    path = Path(os.path.realpath(Path(given).expanduser()))
    if path.is_dir():
        raise UsageError(f"-o {excerpt(given)}: is a folder; name a file")
    if not path.parent.is_dir():
        raise UsageError(f"-o {excerpt(given)}: there is no folder {excerpt(str(path.parent))}")
    library_files = (root / "candidates", root / "openings", root / "schemas")
    if path.parent in library_files or path == root / "runnerup.yaml":
        raise UsageError(f"-o {excerpt(given)}: inside the library's own files; write the export elsewhere")
    return path


def _write_stdout(data: bytes) -> None:
    """The file's bytes as they are, whatever the terminal's encoding: they are for another program."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(data.decode("utf-8"))
        return
    stream.flush()
    buffer.write(data)
    buffer.flush()


COMMANDS = {"export": cmd_export}
