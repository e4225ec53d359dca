"""What a merge left behind: unmerged files, stale locks, and re-merging without markers."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from runnerup_tui.domain.problems import Problem, ProblemKind
from runnerup_tui.team.git import GitRepo, nul_fields

if TYPE_CHECKING:
    pass


STALE_LOCK_SECONDS = 120  # no git runnerup starts holds the index lock this long: it stops them at 60 s


def unmerged_paths(repo: GitRepo) -> list[str]:
    """Paths git still considers in conflict (relative to the work tree)."""
    return nul_fields(repo.run("diff", "--name-only", "-z", "--diff-filter=U", check=False))


def conflict_problems(repo: GitRepo, library_root: Path, unmerged: list[str] | None = None) -> list[Problem]:
    """Each unresolved merge in the library as a problem, also when the file has no markers.

    ``unmerged``: the :func:`unmerged_paths` the caller already asked git for.
    """
    paths = unmerged_paths(repo) if unmerged is None else unmerged
    if not paths:
        return []  # the usual case: no merge, and no YAML parser loaded for one
    from runnerup_tui.store.parsing import RESOLVE_IN_APP, has_conflict_markers

    found = []
    for rel in paths:
        path = repo.work_tree / rel
        try:
            lib_rel = path.resolve().relative_to(library_root).as_posix()
        except ValueError:
            continue
        stages = _stages(repo, rel)
        if 1 in stages and (2 not in stages or 3 not in stages):
            from runnerup_tui.team.history import merged_into

            keep = merged_into(repo, rel, "ours" if 2 not in stages else "theirs")
            if keep is not None:  # deleted by merge-people: what the other side changed belongs in the kept record
                other = Path(rel).stem
                message = (
                    f"merged into {keep} on one side, changed on the other; keep the changed file (in the app "
                    f'press p, then Enter on this file: "Keep the changed file"), then merge the two again '
                    f"(`runnerup merge-people {keep} {other}`, or D in the app) so the changes are kept"
                )
            else:
                message = (
                    "deleted on one side, changed on the other; in the app press p (Problems), then Enter on "
                    'this file: "Keep the changed file" keeps the changes, "Delete it" keeps the deletion'
                )
        elif not path.exists():
            message = f"the file is missing, but git still holds both sides; {RESOLVE_IN_APP}"
        elif has_conflict_markers(path.read_bytes()):
            continue  # the file's own check reports the markers with their line and what to do
        elif path.read_bytes() != staged(repo, 2, rel):  # a person took the markers out
            message = (
                "the conflict markers are gone; `runnerup sync` keeps the file as it is now and finishes the merge"
            )
        else:  # only our side, no markers: a merge done without a working driver; both sides are in git
            message = (
                f"the file shows only this clone's side, git still holds both; `runnerup sync` merges them "
                f"again, or {RESOLVE_IN_APP}"
            )
        found.append(Problem(lib_rel, 1, 1, "error", f"unresolved merge conflict: {message}", ProblemKind.CONFLICT))
    return found


def lock_problems(repo: GitRepo, library_root: Path) -> list[Problem]:
    """git's index lock, when a git that crashed or was killed left it: every save fails until it is gone.

    A young lock is a git at work and not reported; runnerup never removes a lock it did not make.
    """
    lock = repo.git_dir / "index.lock"
    try:
        age = time.time() - lock.stat().st_mtime
    except OSError:
        return []
    if age < STALE_LOCK_SECONDS:
        return []
    rel = Path(os.path.relpath(lock, library_root)).as_posix()
    return [
        Problem(
            rel,
            1,
            1,
            "error",
            f"git's lock file is {age / 60:.0f} min old, left by a git that crashed or "
            f"was killed; every save fails until it is gone: if no git is running, delete {lock}",
            ProblemKind.LOCK,
        )
    ]


def _stages(repo: GitRepo, rel: str) -> set[int]:
    """Which index stages git holds for an unmerged path (1 base, 2 ours, 3 theirs)."""
    heads = [
        entry.partition("\t")[0].split()  # "mode sha stage<TAB>path"
        for entry in nul_fields(repo.run("ls-files", "--unmerged", "-z", "--", rel, check=False))
    ]
    return {int(head[2]) for head in heads if len(head) >= 3}


def remerge_without_markers(repo: GitRepo) -> list[str]:
    """Redo merges that a broken or missing driver left as "our side only".

    git then reports a conflict but writes no markers, and committing would silently drop
    their changes. The three versions are still in the index (stages 1, 2 and 3). A file
    a person already settled by hand (markers gone, no longer our side as it was) is kept
    as they wrote it, and marked resolved once it reads as YAML.
    """
    from runnerup_tui.store.parsing import has_conflict_markers
    from runnerup_tui.store.yamldoc import Document, atomic_write
    from runnerup_tui.team.driver import merge_lines
    from runnerup_tui.team.merge import merge_files

    fixed = []
    for rel in unmerged_paths(repo):
        path = repo.work_tree / rel
        if not rel.endswith(".yaml") or not path.exists() or has_conflict_markers(path.read_bytes()):
            continue
        stages = {stage: repo.show(f":{stage}:{rel}") or b"" for stage in (1, 2, 3)}
        if not stages[2] or not stages[3]:
            continue
        current = path.read_bytes()
        if current != stages[2]:  # settled by hand: never overwritten
            try:
                Document(None, rel, current, None)  # type: ignore[arg-type]
            except Exception:  # noqa: BLE001, S112 - still broken: it stays listed until fixed
                continue
            repo.run("add", "--", rel)
            fixed.append(rel)
            continue

        try:
            result = merge_files(stages[1], stages[2], stages[3], rel)
        except Exception:  # noqa: BLE001 - not mergeable field by field: both sides go in, marked
            merge_lines(path, stages[2], stages[3])
            fixed.append(rel)
            continue
        atomic_write(path, result.text)
        if result.clean:
            repo.run("add", "--", rel)
        fixed.append(rel)
    return fixed


def staged(repo: GitRepo, stage: int, rel: str) -> bytes | None:
    """The blob in the index at ``stage`` (1 base, 2 ours, 3 theirs) of an unmerged file."""
    return repo.show(f":{stage}:{rel}")


def bring_in_merged_away(repo: GitRepo) -> list[str]:
    """Settle "deleted on one side, changed on the other" where the deletion was a merge-people: the changed side's
    new touchpoints and list items go into the record it was merged into, and the merged-away file stays gone.

    Two recruiters logging touchpoints never conflict (DESIGN.md §6), also when one of them merged the person
    away meanwhile. Only what unites without a choice is settled: when the changed side changed a value the kept
    record holds otherwise, the conflict stays for a person (``conflict_problems`` says how to keep both).
    Returns a sentence per file settled.
    """
    from runnerup_tui.domain.model import Candidate
    from runnerup_tui.store.parsing import load_plain
    from runnerup_tui.store.person_merge import merge_into, plain
    from runnerup_tui.store.yamldoc import Document, atomic_write
    from runnerup_tui.team.history import merged_into

    unmerged = unmerged_paths(repo)
    settled = []
    for rel in unmerged:
        base, ours, theirs = (staged(repo, n, rel) for n in (1, 2, 3))
        if base is None or (ours is None) == (theirs is None):
            continue
        deleted_by = "ours" if ours is None else "theirs"
        keep = merged_into(repo, rel, deleted_by)
        keep_rel = f"{rel.rsplit('/', 1)[0]}/{keep}.yaml" if keep and "/" in rel else f"{keep}.yaml"
        keep_path = repo.work_tree / keep_rel
        if keep is None or keep_rel in unmerged or not keep_path.is_file():
            continue
        changed_raw = theirs if ours is None else ours
        try:
            before, changed = plain(load_plain(base.decode("utf-8"))), plain(load_plain(changed_raw.decode("utf-8")))
            document = Document.open(keep_path, keep_rel, Candidate)
        except Exception:  # noqa: BLE001 - anything unreadable is left for a person to settle
            continue
        if not isinstance(before, dict) or not isinstance(changed, dict):
            continue
        outcome = merge_into(document.data, changed, list(Candidate.model_fields))
        touched = {key for key in {*before, *changed} if before.get(key) != changed.get(key)}
        if not touched or any(path[0] in touched for path, _value in outcome.dropped_from_other):
            continue  # a changed value the kept record holds otherwise: a person's call
        try:
            raw = document.render()
            document.check(raw)
        except Exception:  # noqa: BLE001 - never write what would not read back
            continue
        atomic_write(keep_path, raw)
        repo.run("add", "--", keep_rel)
        repo.run("rm", "--quiet", "--force", "--", rel)
        what = "; ".join(outcome.added) or "its changes"
        settled.append(f"{Path(rel).stem} was merged into {keep} meanwhile: brought in {what}")
    return settled
