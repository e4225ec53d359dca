"""Saves git would lose or refuses: the app says so up front, or says why, and the file stays as it was."""

from __future__ import annotations

import subprocess

from runnerup_tui.tui.dialogs.log import LogTouchpointDialog
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import commit_count, git, settle, wait_until

ADA = "candidates/ada-lovelace.yaml"


def start_merge(repo) -> None:  # noqa: ANN001
    """A merge that stopped on a conflict in a file outside the library's records."""
    (repo / "NOTES.txt").write_text("base\n")
    git(repo, "add", "NOTES.txt")
    git(repo, "commit", "-q", "-m", "notes")
    git(repo, "checkout", "-q", "-b", "other")
    (repo / "NOTES.txt").write_text("theirs\n")
    git(repo, "commit", "-q", "-am", "their notes")
    git(repo, "checkout", "-q", "main")
    (repo / "NOTES.txt").write_text("ours\n")
    git(repo, "commit", "-q", "-am", "our notes")
    assert subprocess.run(["git", "-C", str(repo), "merge", "other"], capture_output=True).returncode != 0


async def test_the_header_shows_a_merge_in_progress_and_a_log_is_refused(make_app, sample_library):
    start_merge(sample_library)
    before, commits = (sample_library / ADA).read_bytes(), commit_count(sample_library)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await wait_until(pilot, lambda: "merge in progress: finish it to save" in app.screen.sub_title)
        app.screen.query_one(CandidateList).select("ada-lovelace")
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogTouchpointDialog)
        await pilot.press(*"Called during the merge", "ctrl+s")  # the summary is multi-line: ctrl+s saves
        await settle(pilot)
        await wait_until(pilot, lambda: any("a merge is in progress" in n.message for n in app._notifications))
    assert (sample_library / ADA).read_bytes() == before
    assert commit_count(sample_library) == commits


async def test_the_header_shows_a_detached_head(make_app, sample_library):
    git(sample_library, "checkout", "-q", "--detach")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        await wait_until(pilot, lambda: "detached HEAD: check out a branch to save" in app.screen.sub_title)


async def test_a_hook_refusing_the_commit_is_quoted_and_the_file_is_left_as_it_was(make_app, sample_library):
    hook = sample_library / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'policy: no commits today'\necho 'policy: ask the admin' >&2\nexit 1\n")
    hook.chmod(0o755)
    before, commits = (sample_library / ADA).read_bytes(), commit_count(sample_library)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        app.screen.query_one(CandidateList).select("ada-lovelace")
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"Called despite the hook", "ctrl+s")  # the summary is multi-line: ctrl+s saves
        await settle(pilot)
        await wait_until(pilot, lambda: any("policy: ask the admin" in n.message for n in app._notifications))
        message = next(n.message for n in app._notifications if "policy" in n.message)
        assert "policy: no commits today" in message and "back as it was" in message
    assert (sample_library / ADA).read_bytes() == before
    assert commit_count(sample_library) == commits


async def test_a_save_that_stays_on_disk_uncommitted_says_so_and_does_not_ask_again(make_app, sample_library):
    hook = sample_library / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\nprintf '# tidied by the hook\\n' >> {ADA}\nexit 1\n")  # a formatter that then fails
    hook.chmod(0o755)
    commits = commit_count(sample_library)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # from the search box to the list
        app.screen.query_one(CandidateList).select("ada-lovelace")
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"Called before the hook", "ctrl+s")  # the summary is multi-line: ctrl+s saves
        await settle(pilot)
        await wait_until(pilot, lambda: any("could not be put back" in n.message for n in app._notifications))
        await settle(pilot)
        assert not isinstance(app.screen, LogTouchpointDialog)  # it is saved: nothing to type again
    assert "Called before the hook" in (sample_library / ADA).read_text()
    assert commit_count(sample_library) == commits
