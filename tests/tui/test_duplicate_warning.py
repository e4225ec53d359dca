"""A new candidate saved from the form who may already be in the library: asked first, nothing lost either way."""

from __future__ import annotations

from textual.widgets import Button, Label

from runnerup_tui.tui.dialogs.edit_form import EditCandidateScreen
from runnerup_tui.tui.dialogs.likely_duplicate import LikelyDuplicateDialog
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import commit_count, git, last_commit, settle, shown_ids
from .test_edit_form import field, open_form


def dialog_text(dialog: LikelyDuplicateDialog) -> str:
    return "\n".join(str(label.content) for label in dialog.query(Label))


async def fill_new(pilot, name: str, email: str = "") -> EditCandidateScreen:
    form = await open_form(pilot, "n")
    field(form, "name").value = name
    field(form, "contact.email").value = email
    await pilot.pause()
    return form


async def test_a_new_candidate_with_an_existing_email_asks_first_go_back_keeps_the_form_add_anyway_adds_once(
    make_app, sample_library
):
    before = commit_count(sample_library)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await fill_new(pilot, "Ada King", "Ada.Lovelace@example.org")
        field(form, "headline").value = "Countess of Lovelace"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LikelyDuplicateDialog)
        text = dialog_text(app.screen)
        assert "Ada Lovelace (ada-lovelace)" in text
        assert "same email ada.lovelace@example.org" in text
        assert "Add Ada King anyway?" in text

        await pilot.press("escape")  # back to the form: every typed value still there, nothing written
        await settle(pilot)
        assert app.screen is form
        assert field(form, "name").value == "Ada King"
        assert field(form, "contact.email").value == "Ada.Lovelace@example.org"
        assert field(form, "headline").value == "Countess of Lovelace"
        assert not form.saving and not form.query_one("#form-banner", Label).display
        assert not (sample_library / "candidates/ada-king.yaml").exists()
        assert commit_count(sample_library) == before

        await pilot.press("ctrl+s")  # asked again: going back was no answer
        await settle(pilot)
        assert isinstance(app.screen, LikelyDuplicateDialog)
        await pilot.click("#add")
        await settle(pilot)
        assert not isinstance(app.screen, (EditCandidateScreen, LikelyDuplicateDialog))
        assert app.screen.query_one(CandidateList).highlighted.id == "ada-king"
    assert (sample_library / "candidates/ada-king.yaml").read_text().startswith("name: Ada King\n")
    assert commit_count(sample_library) == before + 1
    assert last_commit(sample_library) == "Add candidate Ada King"
    assert git(sample_library, "show", "--name-only", "--format=", "HEAD").split() == ["candidates/ada-king.yaml"]


async def test_a_name_written_the_other_way_round_warns_and_show_selects_the_one_already_there(
    make_app, sample_library
):
    before = commit_count(sample_library)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await fill_new(pilot, "Tanaka, Yuki")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LikelyDuplicateDialog)
        text = dialog_text(app.screen)
        assert "Yuki Tanaka (yuki-tanaka)" in text and "names alike" in text
        await pilot.press("s")  # show the one already here: the form closes, nothing written
        await settle(pilot)
        assert not isinstance(app.screen, (EditCandidateScreen, LikelyDuplicateDialog))
        assert app.screen.query_one(CandidateList).highlighted.id == "yuki-tanaka"
    assert commit_count(sample_library) == before
    assert not (sample_library / "candidates/tanaka-yuki.yaml").exists()


async def test_an_unrelated_new_candidate_is_added_with_no_question(make_app, sample_library):
    before = commit_count(sample_library)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await fill_new(pilot, "Grace Brewster", "grace@example.org")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (EditCandidateScreen, LikelyDuplicateDialog))
        assert "grace-brewster" in shown_ids(pilot)
    assert commit_count(sample_library) == before + 1


async def test_editing_someone_already_there_never_asks_about_duplicates(make_app, sample_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot)  # Ada Lovelace: she is alike only to herself, and is not asked about
        field(form, "location").value = "Oxford, UK"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (EditCandidateScreen, LikelyDuplicateDialog))
    assert "location: Oxford, UK\n" in (sample_library / "candidates/ada-lovelace.yaml").read_text()


async def test_at_80_by_24_the_warning_fits_and_names_from_the_files_are_shown_escaped(make_app, sample_library):
    (sample_library / "candidates/john-smith.yaml").write_text(
        "name: John\u202e Smith\ncontact:\n  email: js@x.org\n", encoding="utf-8"
    )
    git(sample_library, "add", "-A")
    git(sample_library, "commit", "-qm", "John Smith")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_new(pilot, "Jon Smith", "js@x.org")
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, LikelyDuplicateDialog)
        text = dialog_text(dialog)
        assert "\u202e" not in text and "John\\u202e Smith (john-smith)" in text
        assert "same email js@x.org" in text
        for button in dialog.query(Button):
            region = button.region
            assert region.width > 0 and region.right <= 80 and region.bottom <= 24, button.id
        assert "\u202e" not in str(dialog.query_one("#show", Button).label)
    assert not (sample_library / "candidates/jon-smith.yaml").exists()
