"""The merge driver git runs for every ``*.yaml`` file both sides changed (field-level, see merge.py)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from runnerup_tui.store.parsing import has_conflict_markers
from runnerup_tui.team.git import GitRepo
from runnerup_tui.team.merge import merge_files

if TYPE_CHECKING:
    pass


# -- merging a file ------------------------------------------------------------------------


def run_merge_driver(base: Path, ours: Path, theirs: Path, rel_path: str) -> int:
    """What ``runnerup merge-driver %O %A %B %P`` does: merge into ``ours``; 0 clean, 1 conflict.

    Whatever goes wrong with the field merge (a side that is not a YAML mapping, emptied,
    binary, another person, or a bug), the file falls back to a line merge that keeps both
    sides between markers and reports a conflict: never a traceback, never a side lost.
    """
    from runnerup_tui.store.yamldoc import atomic_write

    try:
        raw_base, raw_ours, raw_theirs = base.read_bytes(), ours.read_bytes(), theirs.read_bytes()
    except OSError as err:
        print(
            f"runnerup: {rel_path}: cannot read a version to merge ({err.strerror}); left as a conflict",
            file=sys.stderr,
        )
        return 1
    try:
        result = merge_files(raw_base, raw_ours, raw_theirs, rel_path)
        atomic_write(ours, result.text)
        return 0 if result.clean else 1
    except Exception as err:  # noqa: BLE001 - any failure: keep both sides for a person to settle
        why = str(err).splitlines()[0] if str(err) else type(err).__name__
    print(
        f"runnerup: {rel_path}: not merged field by field ({why}); both sides are kept between "
        "<<<<<<< and >>>>>>> lines",
        file=sys.stderr,
    )
    try:
        return merge_lines(ours, raw_ours, raw_theirs)
    except Exception as err:  # noqa: BLE001 - git then keeps the conflict; `runnerup sync` redoes the merge
        print(f"runnerup: {rel_path}: cannot write the merged file ({err}); left as a conflict", file=sys.stderr)
        return 1


def merge_lines(ours: Path, raw_ours: bytes, raw_theirs: bytes) -> int:
    """Line merge into ``ours`` with every difference marked; 1 (a conflict) unless both sides agree.

    git's own merge keeps what only one side changed unmarked; here a version could not be
    read, so each difference from the other side is marked for a person to look at
    (comparing against an empty base). Files git cannot merge (binary) are written as
    both whole sides between markers.
    """
    from runnerup_tui.store.yamldoc import atomic_write

    if raw_ours == raw_theirs:
        return 0
    ours_label, theirs_label = _side_labels()
    # a side that already holds markers gets longer ones around it, as git does in a recursive merge
    size = 9 if has_conflict_markers(raw_ours) or has_conflict_markers(raw_theirs) else 7
    try:
        with tempfile.TemporaryDirectory(prefix="runnerup-merge-") as folder:
            files = {}
            for name, raw in (("ours", raw_ours), ("empty", b""), ("theirs", raw_theirs)):
                files[name] = Path(folder) / name
                files[name].write_bytes(raw)
            merged = GitRepo(Path(folder)).call(
                "merge-file",
                f"--marker-size={size}",
                "-L",
                ours_label,
                "-L",
                "base",
                "-L",
                theirs_label,
                str(files["ours"]),
                str(files["empty"]),
                str(files["theirs"]),
                check=False,
            )
            text = files["ours"].read_bytes()
        if 0 < merged.returncode < 128 and b"\n" + b"=" * size + b"\n" in text:
            atomic_write(ours, text)
            return 1
    except Exception:  # noqa: BLE001, S110 - git could not do it: the markers are written below
        pass
    atomic_write(ours, _both_between_markers(raw_ours, raw_theirs, ours_label, theirs_label, size))
    return 1


def _both_between_markers(raw_ours: bytes, raw_theirs: bytes, ours_label: str, theirs_label: str, size: int) -> bytes:
    """Both whole versions, byte for byte, between conflict markers ``size`` characters long."""

    def block(raw: bytes) -> bytes:
        return raw if not raw or raw.endswith(b"\n") else raw + b"\n"

    return (
        f"{'<' * size} {ours_label}\n".encode()
        + block(raw_ours)
        + b"=" * size
        + b"\n"
        + block(raw_theirs)
        + f"{'>' * size} {theirs_label}\n".encode()
    )


def _side_labels() -> tuple[str, str]:
    """Marker labels that say whose side is whose; a rebase replays this clone's commits as "theirs"."""
    try:
        repo = GitRepo(Path.cwd())  # git runs a merge driver at the top of the work tree
        rebasing = any(
            Path(repo.run("rev-parse", "--git-path", name, timeout=10)).exists()
            for name in ("rebase-merge", "rebase-apply")
        )
    except Exception:  # noqa: BLE001 - only the wording of a label depends on it
        rebasing = False
    if rebasing:
        return "ours (incoming: the team's version)", "theirs (this clone's commit being rebased)"
    return "ours (this clone)", "theirs (incoming)"
