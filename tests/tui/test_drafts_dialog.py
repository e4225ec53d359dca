"""Drafting a message in the app (``m``): edit it, copy it, open it as mail, log it as sent only when confirmed."""

from __future__ import annotations

from hostile import RAW, add_hostile
from textual.widgets import Input, Label, Select, TextArea

from runnerup_tui.tui.dialogs.confirm import ConfirmDialog
from runnerup_tui.tui.dialogs.draft import DraftDialog
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import commit_count, git, last_commit, screen_text, settle, wait_until


async def open_draft(pilot, cid: str = "ada-lovelace") -> DraftDialog:
    await settle(pilot)
    await pilot.press("escape")  # from the search box to the list
    pilot.app.screen.query_one(CandidateList).select(cid)
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DraftDialog)
    return pilot.app.screen


async def test_m_drafts_an_email_that_can_be_edited_and_copied_at_80x24(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_draft(pilot)
        body = dialog.query_one("#draft-body", TextArea)
        assert dialog.query_one("#draft-kind", Select).value == "email"
        assert dialog.query_one("#draft-subject", Input).value == "Catching up, Ada"
        assert body.text.startswith("Hi Ada,\n") and "poetry" in body.text
        assert app.focused is body
        text = screen_text(pilot)
        for button in ("Copy", "Open mail", "Log as sent", "Close"):
            assert button in text  # all on screen at 80×24
        await pilot.press(*"Dear Ada. ")
        assert body.text.startswith("Dear Ada. Hi Ada,")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.clipboard == body.text


async def test_log_as_sent_logs_the_touchpoint_only_after_confirming(make_app, sample_library):
    app = make_app()
    before = commit_count(sample_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_draft(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # go back: nothing logged
        await pilot.pause()
        assert isinstance(app.screen, DraftDialog)
        assert commit_count(sample_library) == before
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, (DraftDialog, ConfirmDialog))
    assert commit_count(sample_library) == before + 1
    assert last_commit(sample_library) == "Log email with Ada Lovelace"
    assert git(sample_library, "show", "--name-only", "--format=", "HEAD").split() == ["candidates/ada-lovelace.yaml"]
    text = (sample_library / "candidates/ada-lovelace.yaml").read_text()
    assert "kind: email\n    by: Test Recruiter\n    summary: Catching up, Ada\n" in text


async def test_escape_closes_the_draft_and_logs_nothing(make_app, sample_library):
    app = make_app()
    before = commit_count(sample_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_draft(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, DraftDialog)
    assert commit_count(sample_library) == before
    assert git(sample_library, "status", "--porcelain") == ""


async def test_open_mail_hands_the_edited_draft_to_the_mail_app_as_a_mailto(make_app):
    app = make_app()
    opened: list[str] = []
    app.open_url = lambda url, **kw: opened.append(url)  # the person's browser is not ours to start in a test
    async with app.run_test(size=(80, 24)) as pilot:
        await open_draft(pilot)
        await pilot.press(*"Dear Ada. ", "ctrl+o")
        await pilot.pause()
    assert len(opened) == 1
    assert opened[0].startswith("mailto:ada.lovelace@example.org?subject=Catching%20up%2C%20Ada&body=Dear%20Ada.%20Hi")


async def test_the_kind_can_change_and_a_linkedin_message_has_no_subject(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_draft(pilot)
        dialog.query_one("#draft-kind", Select).value = "linkedin"
        await settle(pilot)
        assert dialog.query_one("#draft-body", TextArea).text.startswith("Hi Ada, I hope all is well!")
        assert not dialog.query_one("#draft-subject-row").display
        assert "Open LinkedIn" in screen_text(pilot)


async def test_a_newsletter_candidate_asks_before_drafting(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        app.screen.query_one(CandidateList).select("lars-andersen")
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "newsletter" in screen_text(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, (ConfirmDialog, DraftDialog))
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DraftDialog)
        assert app.screen.query_one("#draft-body", TextArea).text.startswith("Hi Lars,")


async def test_a_sent_message_that_cannot_be_logged_comes_back_as_edited_with_the_reason(make_app, sample_library):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_draft(pilot)
        await pilot.press(*"Dear Ada. ")
        edited = dialog.query_one("#draft-body", TextArea).text
        path = sample_library / "candidates/ada-lovelace.yaml"
        path.unlink()
        path.mkdir()  # a real fault: a folder where her file should be
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, DraftDialog) and app.screen.query_one("#draft-error", Label).display,
            timeout=10,
        )
        again = app.screen
        assert "is not a regular file (a folder)" in str(again.query_one("#draft-error", Label).content)
        assert again.query_one("#draft-body", TextArea).text == edited
        assert again.query_one("#draft-subject", Input).value == "Catching up, Ada"


async def test_hostile_text_in_the_draft_is_shown_escaped(make_app, sample_library):
    add_hostile(sample_library)
    git(sample_library, "add", "-A")
    git(sample_library, "commit", "-q", "-m", "Eve")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_draft(pilot, "eve-red")
        body = dialog.query_one("#draft-body", TextArea).text
        assert "\\u202ereversed" in body and not RAW.findall(body)
        assert not RAW.findall(screen_text(pilot))


async def test_the_palette_drafts_a_message_to_the_highlighted_candidate(make_app):
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        app.screen.query_one(CandidateList).select("yuki-tanaka")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"draft a message")

        def first_hit() -> str:
            hits = app.screen.query_one("CommandList")
            return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""

        await wait_until(pilot, lambda: "Draft a message" in first_hit())
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DraftDialog))
        await settle(pilot)
        assert app.screen.query_one("#draft-body", TextArea).text.startswith("Hi Yuki")


async def test_changing_the_kind_after_editing_asks_before_the_edits_are_replaced(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_draft(pilot)
        await pilot.press(*"Dear Ada. ")
        edited = dialog.query_one("#draft-body", TextArea).text
        dialog.query_one("#draft-kind", Select).value = "linkedin"
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep my edits
        await settle(pilot)
        assert app.screen is dialog
        assert dialog.query_one("#draft-body", TextArea).text == edited
        assert dialog.query_one("#draft-kind", Select).value == "email"
        dialog.query_one("#draft-kind", Select).value = "article"
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert dialog.query_one("#draft-body", TextArea).text.startswith("Hi Ada,\n\nI came across a piece")
