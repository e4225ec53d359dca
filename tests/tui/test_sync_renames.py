"""The app's sync says which id a person of ours has now when the team had another under the same id."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import run_cli

from runnerup_tui.tui.dialogs.sync import SyncDialog
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .conftest import SAMPLE
from .pilot_support import git, git_repo, settle, wait_until


async def test_sync_in_the_app_names_the_new_id_of_a_renamed_person(make_app, tmp_path: Path):
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    shutil.copytree(SAMPLE, alice)
    git_repo(alice)
    git(alice, "remote", "add", "origin", str(remote))
    git(alice, "push", "-q", "-u", "origin", "main")
    git(tmp_path, "clone", "-q", str(remote), str(bob))
    for clone in (alice, bob):
        git(clone, "config", "user.email", f"{clone.name}@example.com")
        assert run_cli("--library", str(clone), "check").returncode == 0  # installs the merge driver
    git(bob, "config", "user.name", "Bob Recruiter")
    assert run_cli("--library", str(alice), "add", "Li Na", "--email", "li.na@a.example").stdout.strip() == "li-na"
    assert run_cli("--library", str(alice), "sync").returncode == 0
    assert run_cli("--library", str(bob), "add", "Li Na", "--email", "li.na@b.example").stdout.strip() == "li-na"
    app = make_app(bob)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await pilot.press("s")
        await wait_until(
            pilot,
            lambda: any("Synced" in n.message for n in app._notifications) or isinstance(app.screen, SyncDialog),
            timeout=20,
        )
        assert not isinstance(app.screen, SyncDialog)
        said = next(n.message for n in app._notifications if "Synced" in n.message)
        assert "Li Na (li.na@b.example) is now li-na-2" in said
        await settle(pilot)
        assert {"li-na", "li-na-2"} <= {row.id for row in app.screen.query_one(CandidateList).rows}
    assert git(bob, "rev-parse", "HEAD") == git(bob, "rev-parse", "origin/main")
