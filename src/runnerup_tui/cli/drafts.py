"""``runnerup draft``: outreach drafted from the little things on file, printed to edit and send.

Human output goes through main's escaping stdout (no control characters from the data); ``--json`` is exact.
"""

from __future__ import annotations

import argparse
import sys

from runnerup_tui.domain.problems import RunnerupError
from runnerup_tui.domain.terms import DRAFT_KINDS


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``draft`` to the command's subparsers."""
    p = sub.add_parser("draft", help="draft a message from the little things on file (an interest, a note…)")
    p.add_argument("id", help="id or unambiguous name prefix")
    p.add_argument(
        "--kind",
        choices=DRAFT_KINDS,
        help="the template (templates/KIND.md); default: congrats after a career update, else email",
    )
    p.add_argument("--json", action="store_true", help="{id, kind, to, subject, body, mailto}")
    p.add_argument(
        "--force",
        action="store_true",
        help="draft it even when their fit (newsletter, closed) or expired consent rules out personal outreach",
    )


def cmd_draft(args: argparse.Namespace) -> int:
    from runnerup_tui.actions import draft_outreach
    from runnerup_tui.cli import main  # its helpers: the library as every command opens it, the pinned day, JSON
    from runnerup_tui.domain.upfront import PersonalTouchpointRefused

    opened = main.open_for(args, lazy=True)
    try:
        draft = draft_outreach(opened, args.id, args.kind, today=main.pinned_today(), force=args.force)
    except PersonalTouchpointRefused as err:
        raise RunnerupError(f"{err}; no draft (add --force to draft it anyway)") from None
    for sentence in draft.left_out:
        print(f"runnerup: note: {sentence}", file=sys.stderr)
    if args.json:
        main.print_json(draft.to_json())
        return 0
    if draft.to:
        print(f"To: {draft.to}")
    if draft.subject:
        print(f"Subject: {draft.subject}")
    if draft.to or draft.subject:
        print()
    print(draft.body)
    return 0


COMMANDS = {"draft": cmd_draft}
