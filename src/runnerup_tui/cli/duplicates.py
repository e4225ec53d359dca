"""``runnerup duplicates`` and ``runnerup merge-people``: one person in the library twice, found and made one.

``add`` asks :func:`warn_about_duplicates` before it creates someone the library may already hold.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from runnerup_tui.domain.safe_text import visible_line


def _cli() -> Any:
    """The command line's module, whose helpers (``open_for``, ``print_json``) every command uses.

    Imported when a command runs: ``main`` imports this module while it is being built.
    """
    from runnerup_tui.cli import main

    return main


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``duplicates`` and ``merge-people`` to the command line."""
    p = sub.add_parser("duplicates", help="people who may be in the library twice, with the reasons; exit 1 if any")
    p.add_argument("--json", action="store_true", help="a list of {ids, names, kind, reasons, name_score}")
    p = sub.add_parser(
        "merge-people",
        help="make one record of two: OTHER's history, lists and missing fields go into KEEP; OTHER's file is removed",
    )
    p.add_argument("keep", help="the record to keep (id or unambiguous name prefix)")
    p.add_argument("other", help="the record merged into it and removed (id or unambiguous name prefix)")
    p = sub.add_parser(
        "not-duplicates",
        help="remember that two candidates are two people (runnerup.yaml's not_duplicates): never shown again",
    )
    p.add_argument("first", help="id or unambiguous name prefix")
    p.add_argument("second", help="id or unambiguous name prefix")


def _people(library: Any) -> list[Any]:  # a store.library.Library; returns duplicates.Person
    from runnerup_tui.domain.duplicates import Person

    return [Person.from_entry(entry) for entry in library.index.candidates.values()]


def cmd_duplicates(args: argparse.Namespace) -> int:
    """The pairs, exact first; exit 1 when any is found (a finding), 0 when none."""
    from runnerup_tui.domain.duplicates import crowded_keys, crowded_text, find_duplicates

    library = _cli().open_for(args).library
    people = _people(library)
    found = find_duplicates(people, library.settings.not_duplicates)
    for key, ids in crowded_keys(people):
        print(f"runnerup: note: {visible_line(crowded_text(key, ids))}", file=sys.stderr)
    if args.json:
        _cli().print_json([pair.to_json() for pair in found])
        return 1 if found else 0
    if not found:
        print("no duplicates found")
        return 0
    for pair in found:
        print(
            f"{pair.kind:6}  {visible_line(pair.first)} ({visible_line(pair.first_name)})"
            f"  ~  {visible_line(pair.second)} ({visible_line(pair.second_name)})"
        )
        for reason in pair.reasons:
            print(f"        {visible_line(reason)}")
    exact = sum(1 for pair in found if pair.exact)
    print(f"{len(found)} pair(s): {exact} exact, {len(found) - exact} likely")
    print("one person: runnerup merge-people KEEP OTHER; two people: runnerup not-duplicates ID ID")
    return 1


def cmd_merge_people(args: argparse.Namespace) -> int:
    """Merge OTHER into KEEP in one commit; what was dropped is printed and in the commit message."""
    from runnerup_tui.actions import merge_people

    opened = _cli().open_for(args)
    merged = merge_people(opened, args.keep, args.other)
    commit = f", commit {merged.commit[:7]}" if merged.commit else ""
    removed = merged.removed.relative_to(opened.root).as_posix() if merged.removed else args.other
    print(f"merged {removed} into {merged.path.relative_to(opened.root).as_posix()}{commit}")
    for line in merged.dropped:
        print(f"runnerup: dropped {visible_line(line)}", file=sys.stderr)
    return 0


def cmd_not_duplicates(args: argparse.Namespace) -> int:
    """Note in ``runnerup.yaml`` that two candidates are two people, in one commit."""
    from runnerup_tui.actions import mark_not_duplicates

    written = mark_not_duplicates(_cli().open_for(args), args.first, args.second)
    if written.commit is None and written.path.exists():
        print(f"already noted: {visible_line(written.id)} are two people")
    else:
        commit = f", commit {written.commit[:7]}" if written.commit else ""
        print(f"noted in runnerup.yaml: {visible_line(written.id)} are two people{commit}")
    return 0


def warn_about_duplicates(library: Any, name: str, contact: dict[str, Any] | None) -> None:
    """Before ``add`` creates someone: a warning on stderr per person already in the library they may be."""
    from runnerup_tui.domain.duplicates import already_there

    found = already_there(name, contact, library.index.candidates.values())
    for pair in found[:5]:
        print(
            f"runnerup: warning: {name} may already be in the library as {pair.second} ({pair.second_name}): "
            + "; ".join(pair.reasons),
            file=sys.stderr,
        )
    if len(found) > 5:
        print(f"runnerup: warning: and {len(found) - 5} more; see `runnerup duplicates`", file=sys.stderr)


COMMANDS = {"duplicates": cmd_duplicates, "merge-people": cmd_merge_people, "not-duplicates": cmd_not_duplicates}
