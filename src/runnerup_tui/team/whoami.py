"""Who "me" is in ``owner:me`` and Today's "mine only": the git user, as the library's team names them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from runnerup_tui.domain.problems import GitError
from runnerup_tui.domain.search import Me
from runnerup_tui.team.git import GitRepo


def git_user_name(root: Path) -> tuple[str | None, str]:
    """The git user name for commits at ``root``, or None and a sentence saying why there is none."""
    repo = GitRepo.for_path(root)
    if repo is None:
        return None, f"{root} is not in a git repository, so it is not known who you are"
    try:
        return repo.identity().name, ""
    except GitError as err:  # GitMissing too: its sentence says git is not installed
        return None, str(err)


def me_from(name: str | None, why_unknown: str, team: Iterable[str]) -> Me:
    """``owner:me`` for the git user ``name`` (from :func:`git_user_name`) in a library with ``team``."""
    return Me.named(name, team) if name else Me(unknown=why_unknown)


def who_am_i(root: Path, team: Iterable[str]) -> Me:
    """``owner:me`` for the library at ``root``: one git call; keep the result rather than asking per keystroke."""
    return me_from(*git_user_name(root), team)
