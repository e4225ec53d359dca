"""The ``runnerup`` command: a thin front end over the core, with stable, scriptable output.

Exit codes: 0 success, 1 findings or failure, 2 usage error. Errors are one line on
stderr. Commands other than ``tui`` and ``demo`` never import Textual.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .model import Fit, TouchpointKind
from .problems import LibraryNotFound, RunnerupError, UsageError


def _date(text: str) -> dt.date:
    words = {"today": 0, "yesterday": -1}
    if text in words:
        return dt.date.today() + dt.timedelta(days=words[text])
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD, today or yesterday)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="runnerup",
        description="Keep in touch with runner-up candidates. Without a command, opens the terminal app.",
    )
    parser.add_argument("--library", metavar="PATH", help="the library folder (default: $RUNNERUP_LIBRARY, "
                        "then the nearest folder above holding runnerup.yaml or candidates/)")
    parser.add_argument("--version", action="version", version=f"runnerup {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("tui", help="open the terminal app (the default)")
    sub.add_parser("demo", help="open the app on a copy of the bundled sample library")

    p = sub.add_parser("init", help="make a folder a runnerup library (safe to run again)")
    p.add_argument("path", nargs="?", default=".", help="the folder (default: here)")
    p.add_argument("--name", help="the library's name (default: the folder's name)")

    sub.add_parser("schema", help="write schemas/*.schema.json for editors")

    p = sub.add_parser("check", help="validate every library file; exit 1 on errors")
    p.add_argument("path", nargs="?", help="a library folder or one file (default: the library)")
    p.add_argument("--json", action="store_true", help="a list of {path, line, column, severity, message}")

    p = sub.add_parser("show", help="show one candidate")
    p.add_argument("id", help="id or unambiguous name prefix")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", help="find candidates, best match first")
    p.add_argument("query", nargs="+", help='words and qualifiers: skill:python fit:pursue tag:remote '
                   'owner:grace role:"data engineer" due:overdue')
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("add", help="add a candidate; prints the new id")
    p.add_argument("name")
    p.add_argument("--role", help="the role they interviewed for (today)")
    p.add_argument("--email")
    p.add_argument("--headline", help="current title and company")
    p.add_argument("--skill", action="append", default=[], help="repeat for several")
    p.add_argument("--fit", choices=[f.value for f in Fit])
    p.add_argument("--owner", help="who keeps the relationship (default: your git user name)")

    p = sub.add_parser("log", help="log a touchpoint with a candidate")
    p.add_argument("id", help="id or unambiguous name prefix")
    p.add_argument("kind", choices=[k.value for k in TouchpointKind], metavar="KIND",
                   help="one of: " + ", ".join(k.value for k in TouchpointKind))
    p.add_argument("--summary", help="what was said or done")
    p.add_argument("--date", type=_date, help="YYYY-MM-DD, today or yesterday (default: today)")
    p.add_argument("--by", help="who (default: your git user name)")
    p.add_argument("--opening", help="the opening it concerns (id or title prefix)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "tui"
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


def _open(args: argparse.Namespace, explicit: str | None = None):  # noqa: ANN202 - a Library
    from .library import Library, resolve_library

    return Library.open(resolve_library(explicit or args.library))


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


# -- commands --------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from .index import read_file
    from .library import is_library, resolve_library

    target = Path(args.path).resolve() if args.path else None
    if target is not None and target.is_file():
        root = resolve_library(args.library, cwd=target.parent)
        problems = read_file(root, target.relative_to(root).as_posix()).problems
        checked = 1
    else:
        if target is not None and not is_library(target):
            raise LibraryNotFound(f"{args.path}: not a runnerup library (no runnerup.yaml or candidates/)")
        library = _open(args, str(target) if target else None)
        problems = library.problems()
        checked = len(library.index.files)
    if args.json:
        _print_json([p.to_json() for p in problems])
    else:
        for problem in problems:
            print(problem)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not args.json:
        print(f"checked {checked} files: {errors} errors, {warnings} warnings", file=sys.stderr)
    return 1 if errors else 0


def cmd_show(args: argparse.Namespace) -> int:
    from .relationship import follow_up_date

    library = _open(args)
    entry = library.find(args.id)
    candidate = library.read_candidate(entry.id)
    follow_up = follow_up_date(entry, library.settings)
    if args.json:
        record = {"id": entry.id, **candidate.model_dump(mode="json", exclude_none=True)}
        record["next_follow_up"] = follow_up.isoformat() if follow_up else None
        _print_json(record)
        return 0
    print(format_candidate(entry.id, candidate, follow_up))
    return 0


def format_candidate(cid: str, c: Any, follow_up: dt.date | None) -> str:
    """A plain-text card of one candidate, newest touchpoint first."""
    lines = [c.name + (f" ({c.pronouns})" if c.pronouns else "") + (f" — {c.headline}" if c.headline else "")]
    facts = [f"id: {cid}", f"fit: {c.fit.value}"]
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
    from .relationship import follow_up_date
    from .search import parse_query, search

    query = parse_query(" ".join(args.query))
    library = _open(args)
    settings = library.settings
    found = search(library.index.candidates.values(), query, settings)
    if args.json:
        _print_json([{
            "id": e.id, "name": e.name, "headline": e.headline, "fit": e.fit, "rating": e.rating,
            "owner": e.owner, "skills": e.skills, "last_contact": e.last_contact,
            "next_follow_up": (d.isoformat() if (d := follow_up_date(e, settings)) else None),
        } for e in found])
    else:
        for e in found:
            print(f"{e.id}\t{e.name}\t{e.headline}\t{e.fit}")
    return 0 if found else 1


def cmd_add(args: argparse.Namespace) -> int:
    from .actions import add_candidate

    library = _open(args)
    data: dict[str, Any] = {"name": args.name, "headline": args.headline, "fit": args.fit,
                            "owner": args.owner, "skills": [s.strip() for s in args.skill if s.strip()]}
    if args.email:
        data["contact"] = {"email": args.email}
    if args.role:
        data["interviews"] = [{"role": args.role, "date": dt.date.today()}]
    written = add_candidate(library, data)
    print(written.id)
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    from .actions import log_touchpoint

    library = _open(args)
    written = log_touchpoint(library, args.id, TouchpointKind(args.kind), summary=args.summary,
                             date=args.date, by=args.by, opening=args.opening)
    commit = f", commit {written.commit[:7]}" if written.commit else ""
    print(f"logged {args.kind} as {written.id} in {written.path.relative_to(library.root)}{commit}")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .actions import init_library

    root = Path(args.path)
    written, commit = init_library(root, args.name)
    where = root.resolve()
    if not written:
        print(f"{where} is already a runnerup library", file=sys.stderr)
    else:
        print(f"runnerup library ready in {where}" + (f" (commit {commit[:7]})" if commit else ""), file=sys.stderr)
        print("next: runnerup --library " + str(where) + ' add "Full Name" --role "Data Engineer"', file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .actions import write_schemas

    library = _open(args)
    for path in write_schemas(library.root):
        print(path.relative_to(library.root))
    return 0


def cmd_tui(args: argparse.Namespace) -> int:
    from .tui.app import run_app

    return run_app(_open_root(args))


def _open_root(args: argparse.Namespace) -> Path:
    from .library import resolve_library

    return resolve_library(args.library)


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import make_demo_library
    from .tui.app import run_app

    root = make_demo_library()
    print(f"runnerup demo library: {root}", file=sys.stderr)
    return run_app(root)


COMMANDS = {
    "tui": cmd_tui,
    "demo": cmd_demo,
    "init": cmd_init,
    "schema": cmd_schema,
    "check": cmd_check,
    "show": cmd_show,
    "search": cmd_search,
    "add": cmd_add,
    "log": cmd_log,
}
