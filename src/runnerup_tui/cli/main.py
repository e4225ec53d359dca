"""The ``runnerup`` command: a thin front end over the core, with stable, scriptable output.

Exit codes: 0 success, 1 findings or failure, 2 usage error. Errors are one line on
stderr. Commands other than ``tui`` and ``demo`` never import Textual.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import itertools
import json
import os
import sys
from pathlib import Path
from typing import Any

from runnerup_tui import __version__
from runnerup_tui.cli import drafts, imports
from runnerup_tui.cli import duplicates as _duplicates
from runnerup_tui.cli import export as export_commands
from runnerup_tui.domain.problems import LibraryNotFound, RunnerupError, UsageError
from runnerup_tui.domain.safe_text import excerpt, visible, visible_line
from runnerup_tui.domain.terms import (
    MAX_DAY,
    MAX_DAYS,
    MIN_DAY,
    UNDECIDED,
    Channel,
    Fit,
    OpeningStatus,
    TouchpointKind,
    parse_day,
)


def pinned_today() -> dt.date:
    """Today's date; ``$RUNNERUP_TODAY`` (YYYY-MM-DD) pins it, for tests and demos of the agenda.

    Only the CLI reads it: the core takes the day as an argument and never asks the clock.
    """
    pinned = os.environ.get("RUNNERUP_TODAY")
    if not pinned:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(pinned)
    except ValueError:
        raise UsageError(f"RUNNERUP_TODAY: not a date: {excerpt(pinned, 30)!r} (use YYYY-MM-DD)") from None
    if not MIN_DAY <= day <= MAX_DAY:
        raise UsageError(f"RUNNERUP_TODAY: must be a date between {MIN_DAY} and {MAX_DAY}")
    return day


def _date(text: str) -> dt.date:
    try:
        return parse_day(text, pinned_today())
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a date: {excerpt(text, 30)!r} ({err})") from None


def _add_team_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forget", help="erase a candidate (consent withdrawn): delete the file in a commit")
    p.add_argument("id", help="id or unambiguous name prefix")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p = sub.add_parser("sync", help="commit hand edits, pull (merge), push")
    p.add_argument("--no-commit", action="store_true", help="do not commit hand edits first")
    p = sub.add_parser("merge-driver", help="used by git: merge a library file field by field")
    p.add_argument("base", nargs="?")
    p.add_argument("ours", nargs="?")
    p.add_argument("theirs", nargs="?")
    p.add_argument("path", nargs="?")
    p.add_argument("--check", action="store_true", help=argparse.SUPPRESS)


class _Unbuilt:
    """Stands in for the parser of a command this run does not need: takes every call, builds nothing."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self


class _OnlyOne:
    """The subparsers with one command built: argparse spends ~3 ms building all twenty on every start."""

    def __init__(self, sub: argparse._SubParsersAction, command: str) -> None:
        self._sub, self._command = sub, command

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        return self._sub.add_parser(name, **kwargs) if name == self._command else _Unbuilt()


def _command_word(argv: list[str]) -> str | None:
    """The command ``argv`` names, when it is plainly there (after ``--library PATH``), else None."""
    words = iter(argv)
    for word in words:
        if word == "--library":
            next(words, None)
        elif not word.startswith("--library="):
            return word if word in COMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; ``only``: build just that command's (the one this run asked for)."""
    parser = argparse.ArgumentParser(
        prog="runnerup",
        description="Keep in touch with runner-up candidates. Without a command, opens the terminal app.",
    )
    parser.add_argument(
        "--library",
        metavar="PATH",
        help="the library folder (default: $RUNNERUP_LIBRARY, "
        "then the nearest folder above holding runnerup.yaml or candidates/)",
    )
    parser.add_argument("--version", action="version", version=f"runnerup {__version__}")
    sub: Any = parser.add_subparsers(dest="command", metavar="COMMAND")
    if only is not None:
        sub = _OnlyOne(sub, only)

    sub.add_parser("tui", help="open the terminal app (the default)")
    p = sub.add_parser("demo", help="open the app on a temporary copy of the bundled sample library")
    p.add_argument("--keep", action="store_true", help="keep the copy after the demo (its path is printed)")

    p = sub.add_parser("init", help="make a folder a runnerup library (safe to run again)")
    p.add_argument("path", nargs="?", help="the folder (default: --library, else here)")
    p.add_argument("--name", help="the library's name (default: the folder's name)")

    sub.add_parser("schema", help="write schemas/*.schema.json for editors")

    p = sub.add_parser("check", help="validate every library file; exit 1 on errors")
    p.add_argument("path", nargs="?", help="a library folder or one file (default: the library)")
    p.add_argument("--json", action="store_true", help="a list of {path, line, column, severity, message}")

    p = sub.add_parser("show", help="show one candidate")
    p.add_argument("id", help="id or unambiguous name prefix")
    p.add_argument("--json", action="store_true")
    p.add_argument("--history", action="store_true", help="the git log of the file: who, when, what")

    p = sub.add_parser("search", help="find candidates, best match first")
    p.add_argument(
        "query",
        nargs="+",
        help='words and qualifiers: skill:python fit:pursue tag:remote owner:grace role:"data engineer" due:overdue',
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("add", help="add a candidate; prints the new id")
    p.add_argument("name")
    p.add_argument("--role", help="the role they interviewed for (today)")
    p.add_argument("--email")
    p.add_argument("--headline", help="current title and company")
    p.add_argument("--skill", action="append", default=[], help="repeat for several")
    p.add_argument("--fit", choices=[f.value for f in Fit])
    p.add_argument("--owner", help="who keeps the relationship (default: your git user name)")

    _add_relationship_commands(sub)

    p = sub.add_parser("log", help="log a touchpoint with a candidate")
    p.add_argument("id", help="id or unambiguous name prefix")
    p.add_argument(
        "kind",
        choices=[k.value for k in TouchpointKind],
        metavar="KIND",
        help="one of: " + ", ".join(k.value for k in TouchpointKind),
    )
    p.add_argument("--summary", help="what was said or done")
    p.add_argument("--date", type=_date, help="YYYY-MM-DD, today or yesterday (default: today)")
    p.add_argument("--by", help="who (default: your git user name)")
    p.add_argument(
        "--force",
        action="store_true",
        help="log it even when it goes beyond the candidate's fit, their consent expired or its words"
        " read like a job promise",
    )
    rejection = p.add_argument_group("rejection (runnerup log ID rejection ...)")
    rejection.add_argument("--channel", choices=[c.value for c in Channel], help="how they were told (call!)")
    rejection.add_argument("--reason", help="the honest reason given")
    rejection.add_argument("--impressed", help="what impressed us, as told to them")
    rejection.add_argument(
        "--newsletter",
        action=argparse.BooleanOptionalAction,
        help="whether they were invited to the newsletter and agreed: records their consent"
        " (given on the rejection's date, for the library's consent_days)",
    )
    rejection.add_argument(
        "--fit",
        choices=[f.value for f in (Fit.PURSUE, Fit.NEWSLETTER, Fit.CLOSED)],
        help="the decision: keep warm (pursue), newsletter only, or closed",
    )
    p.add_argument("--opening", help="the opening it concerns (id or title prefix)")
    _add_team_commands(sub)
    imports.register(sub)
    drafts.register(sub)
    _duplicates.register(sub)
    export_commands.register(sub)
    return parser


def _add_relationship_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("due", help="today's agenda: follow-ups, rejection calls, consent, honest conversations")
    p.add_argument(
        "--within",
        type=days_within,
        default=7,
        metavar="DAYS",
        help="include what falls due in the next DAYS days (default: 7)",
    )
    p.add_argument("--json", action="store_true", help="a list of {id, name, reason, date, detail, ...}")

    p = sub.add_parser("match", help="the best runner-ups for an opening, with the reasons")
    p.add_argument("opening", help="opening id or unambiguous title prefix")
    p.add_argument("--limit", type=_days, metavar="N", help="show only the first N")
    p.add_argument("--json", action="store_true", help="a list of {id, name, score, reasons, fit, points}")

    p = sub.add_parser("add-opening", help="add an opening; prints the new id")
    p.add_argument("title")
    p.add_argument("--team")
    p.add_argument("--location")
    p.add_argument("--skill", action="append", default=[], help="a must-have skill; repeat for several")
    p.add_argument("--nice", action="append", default=[], help="a nice-to-have skill; repeat for several")
    p.add_argument("--status", choices=[s.value for s in OpeningStatus], help="default: open")
    p.add_argument("--opened", type=_date, help="YYYY-MM-DD (default: today)")


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a number of days: {excerpt(text, 30)!r}")
    return value


def days_within(text: str) -> int:
    """``due --within``: a number of days up to a century (further out is a typo, and past year 9999)."""
    value = _days(text)
    if value > MAX_DAYS:
        raise argparse.ArgumentTypeError(f"at most {MAX_DAYS} days (a century), not {excerpt(text, 30)}")
    return value


class _VisibleText:
    """A text stream that shows control characters and bidi overrides escaped (safe_text.visible).

    The one choke point of human output: names, notes, ids and paths quoted by any command,
    confirmation or error message cannot drive the person's terminal.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


_FULL_SCREEN = ("tui", "demo")
_DATA_ON_STDOUT = ("export",)  # files for other programs (CSV, iCalendar, vCard): exact, like --json


def main(argv: list[str] | None = None) -> int:
    stdout, stderr = sys.stdout, sys.stderr
    sys.stderr = _VisibleText(stderr)  # argparse's errors quote the arguments given
    try:
        argv = sys.argv[1:] if argv is None else argv
        args = build_parser(only=_command_word(argv)).parse_args(argv)
        command = args.command or "tui"
        if command in _FULL_SCREEN:  # the app escapes what it draws itself and owns the terminal
            sys.stdout, sys.stderr = stdout, stderr
        elif not (getattr(args, "json", False) or command in _DATA_ON_STDOUT):  # JSON escapes them itself
            sys.stdout = _VisibleText(stdout)
        return _run(command, args)
    finally:
        sys.stdout, sys.stderr = stdout, stderr
        git_layer = sys.modules.get("runnerup_tui.team.git")
        if git_layer is not None:
            git_layer.close_repositories()  # its git cat-file helpers end with the command


def _run(command: str, args: argparse.Namespace) -> int:
    try:
        return COMMANDS[command](args)
    except UsageError as err:
        print(f"runnerup: {err}", file=sys.stderr)
        return 2
    except RunnerupError as err:
        print(f"runnerup: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def open_for(  # noqa: ANN202
    args: argparse.Namespace, explicit: str | None = None, *, problems: bool = False, lazy: bool = False
):
    """The library the command works on (a ``workspace.OpenLibrary``), its repository found once.

    ``lazy``: for a command on one candidate, whose exact id needs only that file, not the whole index.

    Opening points the clone's merge driver at this runnerup (DESIGN.md §6); when that fails, a warning says why.
    """
    from runnerup_tui.store.index import collector_paused
    from runnerup_tui.store.library import resolve_library
    from runnerup_tui.workspace import open_library

    with collector_paused(freeze=True):  # as the app's session opens it
        # a command asks the cache its question; what it needs is decoded when asked for
        opened = open_library(resolve_library(explicit or args.library), problems=problems, lazy=lazy, decode=False)
    if opened.driver_error is not None:
        print(f"runnerup: warning: {opened.driver_error}", file=sys.stderr)
    return opened


def print_json(value: Any) -> None:
    # one write: json.dump would hand the stream ~9 pieces per search hit (a third of `search --json` at 10k)
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def indented_records(records: list[dict[str, Any]]) -> str:
    """``json.dumps(records, ensure_ascii=False, indent=2, default=str)`` written without json's pure-Python
    encoder (which ``indent`` forces: ~12 ms for 2,000 search hits), for records of strings, integers, None,
    booleans and lists of those; any other shape is left to ``json.dumps``."""
    from json.encoder import encode_basestring  # json's C string encoder (ensure_ascii=False)

    def scalar(value: Any) -> str | None:
        kind = value.__class__  # exact types: a subclass (an enum) or a float is left to json.dumps
        if kind is str:
            return encode_basestring(value)
        if kind is int:
            return int.__repr__(value)
        if value is None:
            return "null"
        if kind is bool:
            return "true" if value else "false"
        return None

    heads: dict[str, str] = {}  # each key's `    "key": `, made once
    objects = []
    for record in records:
        fields = []
        for key, value in record.items():
            kind = value.__class__
            if kind is str:  # most values: spelled out here, as a call per value costs as much as the encoding
                text = encode_basestring(value)
            elif value is None:
                text = "null"
            elif kind is list:
                items = [scalar(item) for item in value]
                text = None if None in items else "[\n      " + ",\n      ".join(items) + "\n    ]" if items else "[]"
            else:
                text = scalar(value)
            head = heads.get(key)
            if head is None:
                if key.__class__ is not str:
                    return json.dumps(records, ensure_ascii=False, indent=2, default=str)
                head = heads[key] = f"    {encode_basestring(key)}: "
            if text is None:
                return json.dumps(records, ensure_ascii=False, indent=2, default=str)
            fields.append(head + text)
        objects.append("  {\n" + ",\n".join(fields) + "\n  }" if fields else "  {}")
    return "[\n" + ",\n".join(objects) + "\n]" if objects else "[]"


# -- commands --------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from runnerup_tui.store.library import is_library, resolve_library

    # abspath, not resolve: a symbolic link given here is reported, not followed out of the library
    target = Path(os.path.abspath(args.path)) if args.path else None
    if target is not None and os.path.lexists(target) and not target.is_dir():
        root = resolve_library(args.library, cwd=target.parent)
        problems = _check_one_file(root, target.parent.resolve() / target.name, args.path)
        checked = 1
    else:
        if target is not None and not is_library(target):
            raise LibraryNotFound(f"{excerpt(args.path)}: not a runnerup library (no runnerup.yaml or candidates/)")
        opened = open_for(args, str(target) if target else None, problems=True)
        problems = opened.problems
        checked = len(opened.index.paths)
    if args.json:
        print_json([p.to_json() for p in problems])
    else:
        for problem in problems:
            print(visible_line(str(problem)))  # a file name may hold a newline or an escape sequence
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not args.json:
        print(f"checked {checked} files: {errors} errors, {warnings} warnings", file=sys.stderr)
    return 1 if errors else 0


def _check_one_file(root: Path, path: Path, given: str) -> list:  # noqa: ANN202 - Problems
    """The problems of one library file; a path that is not one is a usage error."""
    from runnerup_tui.store.index import FOLDERS, SETTINGS_FILE, read_file

    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        raise UsageError(f"{excerpt(given)}: outside the library {excerpt(str(root))}") from None
    folder, _, name = rel.partition("/")
    if rel != SETTINGS_FILE and not (folder in FOLDERS and name.endswith(".yaml") and "/" not in name):
        raise UsageError(
            f"{excerpt(rel)}: not a library file; check reads {SETTINGS_FILE}, candidates/*.yaml and openings/*.yaml"
        )
    return read_file(root, rel).problems


def cmd_show(args: argparse.Namespace) -> int:
    from runnerup_tui.domain.relationship import follow_up_date

    opened = open_for(args, lazy=True)
    library = opened.library
    if args.history:
        return _show_history(opened, library.find(args.id).id, args.json)
    entry, candidate = library.find_record(args.id)  # one read of one file for an exact id
    follow_up = follow_up_date(entry, library.settings)
    if args.json:
        print_json(show_json(entry.id, candidate, follow_up))
        return 0
    print(format_candidate(entry.id, candidate, follow_up))
    return 0


def show_json(cid: str, candidate: Any, follow_up: dt.date | None) -> dict[str, Any]:
    """``show --json`` of a candidate's record (a model or a plain record: the same output)."""
    from runnerup_tui.domain.plain import record_json

    record = {"id": cid, **record_json(candidate)}
    # `fit` stays what the agenda goes by (an absent fit is pursue); `fit_decided` says whether the file decided
    record["fit"] = candidate.effective_fit.value
    record["fit_decided"] = candidate.fit is not None
    record["next_follow_up"] = follow_up.isoformat() if follow_up else None
    return record


def format_candidate(cid: str, c: Any, follow_up: dt.date | None) -> str:
    """A plain-text card of one candidate, newest touchpoint first."""
    lines = [c.name + (f" ({c.pronouns})" if c.pronouns else "") + (f" — {c.headline}" if c.headline else "")]
    fit = c.fit.value if c.fit else f"{UNDECIDED} (treated as {c.effective_fit.value})"
    facts = [f"id: {cid}", f"fit: {fit}"]
    facts += [f"rating: {c.rating}/5"] if c.rating else []
    facts += [f"owner: {c.owner}"] if c.owner else []
    facts += [f"next follow-up: {follow_up}"] if follow_up else []
    lines.append("  " + " · ".join(facts))
    if c.location:
        lines.append(f"  location: {c.location}")
    if c.contact:
        for key in ("email", "phone", "linkedin"):
            if getattr(c.contact, key):
                lines.append(f"  {key}: {getattr(c.contact, key)}")
        lines += [f"  link: {link}" for link in c.contact.links]
    for label, values in (("skills", c.skills), ("interests", c.interests), ("tags", c.tags)):
        if values:
            lines.append(f"  {label}: {', '.join(values)}")
    if c.interviews:
        lines.append("interviews:")
        for i in c.interviews:
            head = " · ".join(str(x) for x in (i.date, i.role, i.stage and i.stage.value) if x)
            lines.append(f"  {head}" + (f" — with {', '.join(i.interviewers)}" if i.interviewers else ""))
            if i.impression:
                lines.append(f"    {' '.join(i.impression.split())}")
    if c.rejection:
        r = c.rejection
        head = " · ".join(str(x) for x in (r.date, r.channel and r.channel.value) if x)
        lines.append(f"rejection: {head}" + (f" — {' '.join(r.reason.split())}" if r.reason else ""))
    if c.notes:
        lines.append("notes:")
        lines += [f"  {line}" for line in c.notes.rstrip().splitlines()]
    if c.history:
        lines.append(f"history ({len(c.history)}):")
        for t in sorted(c.history, key=lambda t: t.date, reverse=True):
            who = f" ({t.by})" if t.by else ""
            what = f": {' '.join(t.summary.split())}" if t.summary else ""
            lines.append(f"  {t.date} {t.kind.value}{who}{what}")
    return "\n".join(lines)


def cmd_search(args: argparse.Namespace) -> int:
    from runnerup_tui.domain.relationship import follow_up_date
    from runnerup_tui.domain.search import parse_query
    from runnerup_tui.store.search_index import search_library

    library = open_for(args).library
    settings = library.settings
    query = parse_query(" ".join(args.query), me=lambda: whoami(library))
    found = search_library(library.index, query, settings, pinned_today())  # due: counts from the day `due` counts from
    if args.json:
        sys.stdout.write(
            indented_records(
                [
                    {
                        "id": e.id,
                        "name": e.name,
                        "headline": e.headline,
                        "fit": e.fit,
                        "rating": e.rating,
                        "owner": e.owner,
                        "skills": e.skills,
                        "last_contact": e.last_contact,
                        "next_follow_up": (d.isoformat() if (d := follow_up_date(e, settings)) else None),
                    }
                    for e in found
                ]
            )
            + "\n"
        )
    else:
        for e in found:
            print("\t".join(visible_line(x) for x in (e.id, e.name, e.headline, e.fit)))  # a tab in data stays a cell
    return 0 if found else 1


def whoami(library) -> Any:  # noqa: ANN001 - a Library; returns a search.Me
    from runnerup_tui.team.whoami import who_am_i

    return who_am_i(library.root, library.settings.team)


def cmd_add(args: argparse.Namespace) -> int:
    from runnerup_tui.actions import add_candidate

    opened = open_for(args)
    data: dict[str, Any] = {
        "name": args.name,
        "headline": args.headline,
        "fit": args.fit,
        "owner": args.owner,
        "skills": [s.strip() for s in args.skill if s.strip()],
    }
    if args.email:
        data["contact"] = {"email": args.email}
    if args.role:
        data["interviews"] = [{"role": args.role, "date": pinned_today()}]
    _duplicates.warn_about_duplicates(opened.library, args.name, data.get("contact"))
    written = add_candidate(opened, data)
    print(written.id)
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    from runnerup_tui.actions import log_touchpoint, record_rejection
    from runnerup_tui.domain.upfront import JobPromise, PersonalTouchpointRefused, check_promises

    kind = TouchpointKind(args.kind)
    given = [f"--{name}" for name in ("channel", "reason", "impressed", "fit") if getattr(args, name)]
    given += ["--newsletter"] if args.newsletter is not None else []
    if kind is TouchpointKind.REJECTION:
        missing = [f"--{name}" for name in ("channel", "reason", "fit") if not getattr(args, name)]
        if missing:
            raise UsageError(
                f"logging a rejection needs {', '.join(missing)}: how they were told (--channel call),"
                " the honest reason (--reason) and the decision (--fit pursue|newsletter|closed)"
            )
    elif given:
        raise UsageError(f"{', '.join(given)}: only for `runnerup log ID rejection`")
    texts = {"the summary": args.summary}
    if kind is TouchpointKind.REJECTION:
        texts = {"the reason": args.reason, "what impressed us": args.impressed, **texts}
    try:
        check_promises(texts, force=args.force)  # be upfront: before anything is written
    except JobPromise as err:
        raise RunnerupError(f"{err}; nothing logged: rephrase it, or add --force to log it as written") from None
    opened = open_for(args, lazy=True)
    date = args.date or pinned_today()
    if kind is TouchpointKind.REJECTION:
        written = record_rejection(
            opened,
            args.id,
            channel=Channel(args.channel),
            reason=args.reason,
            fit=Fit(args.fit),
            impressed=args.impressed,
            newsletter_invited=args.newsletter,
            date=date,
            by=args.by,
            summary=args.summary,
            opening=args.opening,
            newsletter=bool(args.newsletter),
        )
    else:
        try:
            written = log_touchpoint(
                opened,
                args.id,
                kind,
                summary=args.summary,
                date=date,
                by=args.by,
                opening=args.opening,
                force=args.force,
            )
        except PersonalTouchpointRefused as err:
            raise RunnerupError(f"{err}; nothing logged (add --force to log it anyway)") from None
    for warning in written.warnings:
        print(f"runnerup: warning: {warning}", file=sys.stderr)
    commit = f", commit {written.commit[:7]}" if written.commit else ""
    print(f"logged {args.kind} as {written.id} in {written.path.relative_to(opened.root)}{commit}")
    if kind is TouchpointKind.REJECTION and args.channel != Channel.CALL.value:
        print("note: the playbook rejects by call; `runnerup due` suggests one until a call is logged", file=sys.stderr)
    return 0


def _print_json_rows(rows: list[dict[str, Any]]) -> None:
    """A JSON list with one object per line: as easy to read, and fast at thousands of rows."""
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    sys.stdout.write("[\n  " + ",\n  ".join(lines) + "\n]\n" if lines else "[]\n")


def cmd_due(args: argparse.Namespace) -> int:
    from runnerup_tui.domain.agenda import GROUP_TITLES, REASONS
    from runnerup_tui.store.agenda_cache import agenda_lines

    library = open_for(args).library
    today = pinned_today()
    # planned ahead in the cache, selected in SQL; worked out from the entries when the cache cannot answer
    lines = agenda_lines(library.index, library.settings, today, args.within, as_json=args.json)
    if lines is None:
        lines = _agenda_lines(library, today, args.within, args.json)
    if args.json:
        _write_utf8(*((b"[\n  ", b",\n  ".join([line for _, line in lines]), b"\n]\n") if lines else (b"[]\n",)))
        return 0
    if not lines:
        print(f"nothing due in the next {args.within} days")
        return 0
    out: list[bytes] = []
    for reason, group in itertools.groupby(lines, key=lambda row: row[0]):
        shown = [line for _, line in group]
        out += [f"{GROUP_TITLES.get(REASONS[reason], REASONS[reason])} ({len(shown)})".encode(), *shown, b""]
    _write_utf8(b"\n".join(out), b"\n")  # the lines are escaped for a terminal already
    return 0


def _agenda_lines(library: Any, today: dt.date, within: int, as_json: bool) -> list[tuple[int, bytes]]:
    """``due``'s lines worked out from every candidate's entry (``library``: a ``store.library.Library``)."""
    from runnerup_tui.domain.agenda import REASONS, agenda
    from runnerup_tui.domain.agenda_plan import due_line, json_line

    render = json_line if as_json else lambda item: visible(due_line(item))
    items = agenda(library.index.candidates.values(), library.settings, today, within)
    return [(REASONS.index(item.reason), render(item).encode()) for item in items]


def _write_utf8(*parts: bytes) -> None:
    """Write UTF-8 text out as it is when stdout speaks UTF-8 (most do): 5 MB of agenda need not be decoded and
    encoded again, nor copied into one piece."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8":
        stream.flush()
        for part in parts:
            buffer.write(part)
    else:
        stream.write(b"".join(parts).decode())


def cmd_match(args: argparse.Namespace) -> int:
    from runnerup_tui.domain.matching import rank_for_opening

    library = open_for(args).library
    opening = library.find_opening(args.opening)
    if opening.status != OpeningStatus.OPEN.value:
        print(f"runnerup: note: {opening.id} is {opening.status}", file=sys.stderr)
    ranked = rank_for_opening(opening, library.index.candidates.values(), library.settings, pinned_today(), args.limit)
    if args.json:
        _print_json_rows([match.to_json() for match in ranked])
    else:
        for match in ranked:
            print(f"{match.score:3d}  {match.name} ({match.id}) — {'; '.join(match.reasons)}")
    return 0 if ranked else 1


def cmd_add_opening(args: argparse.Namespace) -> int:
    from runnerup_tui.actions import add_opening

    opened = open_for(args)
    data: dict[str, Any] = {
        "title": args.title,
        "team": args.team,
        "location": args.location,
        "status": args.status,
        "opened": args.opened or pinned_today(),
        "skills": [s.strip() for s in args.skill if s.strip()],
        "nice_to_have": [s.strip() for s in args.nice if s.strip()],
    }
    written = add_opening(opened, data)
    print(written.id)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from runnerup_tui.actions import init_library

    if args.path and args.library and Path(args.path).resolve() != Path(args.library).resolve():
        raise UsageError(f"init: two different folders given ({args.path} and --library {args.library}); give one")
    root = Path(args.path or args.library or ".")
    written, commit = init_library(root, args.name)
    where = root.resolve()
    if not written:
        print(f"{where} is already a runnerup library", file=sys.stderr)
    else:
        print(f"runnerup library ready in {where}" + (f" (commit {commit[:7]})" if commit else ""), file=sys.stderr)
        print("next: runnerup --library " + str(where) + ' add "Full Name" --role "Data Engineer"', file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from runnerup_tui.actions import write_schemas

    root = open_for(args).root
    for path in write_schemas(root):
        print(path.relative_to(root))
    return 0


def _show_history(opened: Any, cid: str, as_json: bool) -> int:  # opened: a workspace.OpenLibrary
    from dataclasses import asdict

    from runnerup_tui.domain.safe_text import visible_line
    from runnerup_tui.team.history import file_history, merge_words

    if opened.repo is None:
        raise RunnerupError(f"{opened.root} is not in a git repository, so there is no history")
    changes = file_history(opened.repo, opened.library.candidate_path(cid), with_diff=True)
    if as_json:
        print_json([asdict(c) for c in changes])
        return 0
    for change in changes:
        print(f"{change.commit[:7]}  {change.date}  {visible_line(change.author)}  {visible_line(change.message)}")
        if change.merge:
            print(f"    {visible_line(merge_words(change))}")
        for line in change.diff.splitlines():
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---")):
                print(f"    {visible_line(line)}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from runnerup_tui.domain.safe_text import visible_line
    from runnerup_tui.store.index import read_file
    from runnerup_tui.team.sync import sync

    opened = open_for(args)
    repo, root = opened.repo, opened.root
    if repo is None:
        raise RunnerupError(f"{root} is not in a git repository; nothing to sync")

    def check(path: Path) -> list:  # noqa: ANN202
        if not path.exists():
            return []
        return read_file(root, path.resolve().relative_to(root).as_posix()).problems

    line = _ProgressLine(stderr_stream()) if stderr_stream().isatty() else None
    try:
        result = sync(
            repo,
            root,
            commit_hand_edits=not args.no_commit,
            check_file=check,
            progress=line.show if line else None,
        )
    finally:
        if line:
            line.clear()
    parts = []
    if result.committed:
        parts.append(f"committed {len(result.committed)} hand-edited file(s)")
    parts.append(f"pulled {result.pulled} commit(s)")
    parts.append(f"pushed {result.pushed} commit(s)")
    print("synced: " + ", ".join(parts))
    for renamed in result.renamed:
        print(renamed.sentence())
    for sentence in result.brought_in:
        print(sentence)
    if result.left_out:
        print(
            f"runnerup: left out {len(result.left_out)} hand-edited file(s) with errors (not committed, "
            "not pushed); fix them, then sync again:",
            file=sys.stderr,
        )
        for problem in result.left_out:
            print(f"  {visible_line(str(problem))}", file=sys.stderr)
        return 1
    return 0


def stderr_stream() -> Any:
    """The terminal's own stderr (not the escaping wrapper): a progress line writes ``\\r`` itself."""
    return getattr(sys.stderr, "_stream", sys.stderr)


class _ProgressLine:
    """One line on a terminal that each step of a sync rewrites (``\\r``), cleared at the end."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.shown = False

    def show(self, stage: str, done: int | None, total: int | None, message: str) -> None:
        """Rewrite the line: ``fetch: receiving objects 40/120 (33%)``."""
        count = ""
        if done is not None:
            count = f" {done}/{total} ({done * 100 // total}%)" if total else f" {done}"
        self.stream.write(f"\r\x1b[K{visible(f'{stage}: {message}{count}')[:200]}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Leave the terminal as it was before the line."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def cmd_forget(args: argparse.Namespace) -> int:
    from runnerup_tui.actions import forget_candidate, purge_instructions

    opened = open_for(args)
    entry = opened.library.find(args.id)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"forget erases {entry.name} ({entry.id}); add --yes to confirm")
        # input() writes its prompt straight to a terminal, around sys.stdout
        answer = input(visible(f"Erase {entry.name} ({entry.id}) from the library? [y/N] "))
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing erased", file=sys.stderr)
            return 1
    written = forget_candidate(opened, entry.id)
    print(f"forgot {entry.name} ({entry.id})" + (f", commit {written.commit[:7]}" if written.commit else ""))
    note = purge_instructions(opened, written)
    if note:
        print(note, file=sys.stderr)
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from runnerup_tui.team.driver import run_merge_driver

    if args.check:
        return 0
    if not all((args.base, args.ours, args.theirs)):
        raise UsageError("merge-driver needs BASE OURS THEIRS [PATH] (git passes %O %A %B %P)")
    return run_merge_driver(Path(args.base), Path(args.ours), Path(args.theirs), args.path or args.ours)


def cmd_tui(args: argparse.Namespace) -> int:
    from runnerup_tui.store.config import load_config
    from runnerup_tui.store.library import resolve_library
    from runnerup_tui.tui.app import run_app

    config = load_config()  # once: it may name the library, and it holds the app's keys and theme
    return run_app(resolve_library(args.library, config=config), config)


def cmd_demo(args: argparse.Namespace) -> int:
    from runnerup_tui.cli.demo import DemoStopped, demo_library
    from runnerup_tui.tui.app import run_app

    try:
        with demo_library(keep=args.keep, say=lambda line: print(line, file=sys.stderr, flush=True)) as root:
            return run_app(root)
    except (KeyboardInterrupt, DemoStopped):
        return 130


COMMANDS = {
    "tui": cmd_tui,
    "demo": cmd_demo,
    "init": cmd_init,
    "sync": cmd_sync,
    "forget": cmd_forget,
    "merge-driver": cmd_merge_driver,
    "schema": cmd_schema,
    "check": cmd_check,
    "show": cmd_show,
    "search": cmd_search,
    "add": cmd_add,
    "log": cmd_log,
    "due": cmd_due,
    "match": cmd_match,
    "add-opening": cmd_add_opening,
    **imports.COMMANDS,
    **drafts.COMMANDS,
    **export_commands.COMMANDS,
    **_duplicates.COMMANDS,
}
