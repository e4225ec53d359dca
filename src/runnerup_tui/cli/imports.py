"""``runnerup import``: people from an applicant tracking system's export or LinkedIn's Connections.csv."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from runnerup_tui.domain.safe_text import visible_line


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``import`` command to the parser's subcommands."""
    p = sub.add_parser(
        "import",
        help="import people from an ATS export (CSV, XLSX, XLS) or LinkedIn's Connections.csv, in one commit",
        description="Only rejected or archived people are imported when the file says who they are (--all: every "
        "row). A person already in the library (same email, phone or LinkedIn profile) gets what their file lacks; "
        "nothing it says is overwritten, so importing a file twice changes nothing.",
    )
    p.add_argument("file", help="the export: .csv (UTF-8; comma, semicolon or tab), .xlsx or .xls")
    p.add_argument(
        "--dry-run", action="store_true", help="show what would be created, updated and skipped; write nothing"
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read a column as a field (repeat for several); FIELD is one of the fields in the README, or ignore",
    )
    p.add_argument(
        "--owner", metavar="WHO", help="who keeps the relationship with the people imported (default: your git name)"
    )
    p.add_argument("--all", action="store_true", dest="every_row", help="import every row, not only rejections")
    p.add_argument(
        "--region", metavar="CC", help="country of phone numbers written without a country code (US, GB, DE...)"
    )
    p.add_argument("--json", action="store_true", help="the report as JSON: {created, updated, skipped, rows, ...}")


def cmd_import(args: argparse.Namespace) -> int:
    from runnerup_tui.actions import import_people
    from runnerup_tui.cli import main  # its door to the library, shared by every command

    opened = main.open_for(args)
    report = import_people(
        opened,
        Path(args.file),
        maps=args.map,
        owner=args.owner,
        every_row=args.every_row,
        region=args.region,
        dry_run=args.dry_run,
    )
    if report.unknown_columns:
        print(f"runnerup: not imported: columns {', '.join(report.unknown_columns)}", file=sys.stderr)
    for warning in report.warnings:
        print(f"runnerup: warning: {warning}", file=sys.stderr)
    for invalid in report.invalid:
        print(f"runnerup: {invalid} (row skipped)", file=sys.stderr)
    if args.json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2, default=str) + "\n")
        return 1 if report.invalid else 0
    if args.dry_run or report.changed:
        width = max((len(visible_line(r.name)) for r in report.rows), default=0)
        width = min(max(width, 4), 28)
        for r in report.rows:
            name = visible_line(r.name)
            name = name if len(name) <= width else name[: width - 1] + "…"
            print(f"{r.action:<6}  row {r.row:<4}  {name:<{width}}  {visible_line(r.detail)}")
    created, updated, skipped = report.count("create"), report.count("update"), report.count("skip")
    counts = f"{created} new, {updated} updated, {skipped} skipped"
    if args.dry_run:
        print(f"dry run: {report.file} read as {_system(report.system)}: would import {counts}; nothing written")
    elif not report.changed:
        print(f"nothing to change: {report.file} read as {_system(report.system)} ({counts})")
    else:
        commit = f"; commit {report.commit[:7]}" if report.commit else ""
        print(f"imported {report.file} read as {_system(report.system)}: {counts}{commit}")
    return 1 if report.invalid else 0


def _system(name: str) -> str:
    return "a spreadsheet" if name == "spreadsheet" else f"a {name} export"


COMMANDS = {"import": cmd_import}
