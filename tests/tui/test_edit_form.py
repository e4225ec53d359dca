"""The edit form: every field, errors inline, ctrl+s writes one file and one commit."""

from __future__ import annotations

from textual.widgets import Input, Label, Select, TextArea

from runnerup_tui.domain.model import Candidate, Consent, Contact, Rejection
from runnerup_tui.store.candidate_form import FIELDS
from runnerup_tui.tui.dialogs.confirm import ConfirmDialog
from runnerup_tui.tui.dialogs.edit_form import EditCandidateScreen
from runnerup_tui.tui.widgets.candidate_list import CandidateList

from .pilot_support import commit_count, decline_identity, detail_text, git, last_commit, settle, shown_ids

ADA = "candidates/ada-lovelace.yaml"


def test_every_field_of_the_model_has_a_place_in_the_form():
    keys = {f.key for f in FIELDS}
    nested = {"contact": Contact, "rejection": Rejection, "consent": Consent}
    for name in Candidate.model_fields:
        if name in nested:
            assert {f"{name}.{sub}" for sub in nested[name].model_fields} <= keys
        else:
            assert name in keys


async def open_form(pilot, key: str = "e") -> EditCandidateScreen:
    await settle(pilot)
    await pilot.press("escape")  # from the search box to the list
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, EditCandidateScreen)
    return pilot.app.screen


def field(screen: EditCandidateScreen, key: str):
    return screen.query_one("#field-" + key.replace(".", "-").replace("_", "-"))


def error_of(screen: EditCandidateScreen, key: str) -> str:
    found = screen.query("#field-" + key.replace(".", "-").replace("_", "-") + "-error")
    return str(found.first(Label).content) if found else ""


async def test_editing_changes_only_the_edited_lines_with_one_commit_per_save(make_app, sample_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot)
        assert field(form, "headline").value == "Senior Data Engineer at Analytical Engines Ltd"
        field(form, "headline").value = "Staff Data Engineer at Analytical Engines Ltd"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EditCandidateScreen)
        assert "Staff Data Engineer" in detail_text(pilot)
        assert app.screen.query_one(CandidateList).highlighted.headline.startswith("Staff Data Engineer")
        diff = git(sample_library, "show", "--format=", "--unified=0", "HEAD")
        changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        assert changed == [
            "-headline: Senior Data Engineer at Analytical Engines Ltd",
            "+headline: Staff Data Engineer at Analytical Engines Ltd",
        ]
        assert last_commit(sample_library) == "Edit Ada Lovelace: headline"

        form = await open_form(pilot)  # the same form, refilled from the file as it is now
        assert field(form, "headline").value == "Staff Data Engineer at Analytical Engines Ltd"
        field(form, "skills").value = "python, spark, sql, airflow, postgresql, kafka"
        field(form, "rating").value = "4"
        field(form, "cadence_days").value = "30"
        field(form, "consent.expires").value = "2028-06-30"
        history = field(form, "history")
        assert history.text.startswith("- id: t-286706\n  date: 2026-03-12\n  kind: rejection\n")
        history.text += "- date: 2026-11-15\n  kind: coffee\n  summary: Flat white at Kings Cross\n"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    text = (sample_library / ADA).read_text()
    assert "  - kafka\n" in text
    assert "rating: 4  # would hire tomorrow" in text
    assert "cadence_days: 30  # closer" in text
    assert "  expires: 2028-06-30\n" in text
    assert text.endswith("  - date: 2026-11-15\n    kind: coffee\n    summary: Flat white at Kings Cross\n")
    assert "# Dennis covered the relationship in June" in text  # comments of untouched items stay
    assert last_commit(sample_library) == "Edit Ada Lovelace: rating, skills, cadence_days, consent, history"
    assert git(sample_library, "status", "--porcelain") == ""


async def test_invalid_values_show_errors_next_to_their_fields_and_write_nothing(make_app, sample_library):
    app = make_app()
    original = (sample_library / ADA).read_bytes()
    before = commit_count(sample_library)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot)
        field(form, "name").value = "   "
        field(form, "cadence_days").value = "-3"
        field(form, "next_contact").value = "soon"
        history = field(form, "history")
        history.text = history.text + "- date: someday\n  kind: carrier-pigeon\n"
        field(form, "interviews").text = "- role: Data Engineer\n  date: [2026\n"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert error_of(form, "name") == "required"
        assert error_of(form, "cadence_days") == "must be greater than 0"
        assert error_of(form, "next_contact") == "must be a date like 2026-03-14"
        assert "item 12, date: must be a date" in error_of(form, "history")
        assert "item 12, kind: must be one of" in error_of(form, "history")
        assert "YAML syntax error" in error_of(form, "interviews")
        assert field(form, "cadence_days").has_class("-has-error")
        assert error_of(form, "headline") == ""
        field(form, "cadence_days").value = "30"
        await pilot.pause()
        assert error_of(form, "cadence_days") == ""  # cleared as soon as it is edited
    assert (sample_library / ADA).read_bytes() == original
    assert commit_count(sample_library) == before


async def test_new_candidate_form_needs_a_name_then_adds_a_file_commits_it_and_selects_it(make_app, sample_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, "n")
        assert field(form, "name").value == ""
        assert app.focused is field(form, "name")
        field(form, "headline").value = "Someone"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and error_of(form, "name") == "required"
        await pilot.press(*"Grace Brewster")
        field(form, "headline").value = "Rear Admiral, US Navy"
        field(form, "skills").value = "cobol, compilers"
        field(form, "fit").value = "pursue"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EditCandidateScreen)
        assert "grace-brewster" in shown_ids(pilot)
        assert app.screen.query_one(CandidateList).highlighted.id == "grace-brewster"
    text = (sample_library / "candidates/grace-brewster.yaml").read_text()
    assert text.startswith("name: Grace Brewster\nheadline: Rear Admiral, US Navy\n")
    assert "skills:\n  - cobol\n  - compilers\n" in text
    assert "owner: Test Recruiter" in text
    assert last_commit(sample_library) == "Add candidate Grace Brewster"


async def test_at_80_by_24_escape_leaves_at_once_or_asks_before_discarding_changes(make_app, sample_library):
    app = make_app()
    original = (sample_library / ADA).read_bytes()
    before = commit_count(sample_library)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        assert field(form, "name").region.width > 40
        assert isinstance(field(form, "fit"), Select) and field(form, "fit").value == "pursue"
        assert isinstance(field(form, "notes"), TextArea) and isinstance(field(form, "contact.email"), Input)
        await pilot.press("ctrl+s")  # nothing changed: nothing to save
        await settle(pilot)
        assert not isinstance(app.screen, EditCandidateScreen)
        await open_form(pilot)
        await pilot.press("escape")  # nothing changed: no question
        await pilot.pause()
        assert not isinstance(app.screen, (EditCandidateScreen, ConfirmDialog))

        await open_form(pilot)
        field(form, "location").value = "Berlin, DE"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and field(form, "location").value == "Berlin, DE"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, (EditCandidateScreen, ConfirmDialog))
    assert (sample_library / ADA).read_bytes() == original
    assert commit_count(sample_library) == before


async def test_a_change_on_disk_while_editing_is_merged_unless_the_same_field_changed(make_app, sample_library):
    app = make_app()
    path = sample_library / ADA
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot)
        path.write_text(path.read_text().replace("London, UK", "Oxford, UK"))  # a teammate's pull
        field(form, "location").value = "Berlin, DE"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        banner = str(form.query_one("#form-banner", Label).content)
        assert "changed on disk while you were editing" in banner and "location" in banner
        assert "location: Oxford, UK\n" in path.read_text()

        field(form, "location").value = "London, UK"  # back to what the form was loaded with
        field(form, "headline").value = "Staff Data Engineer"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EditCandidateScreen)
    text = path.read_text()
    assert "location: Oxford, UK" in text and "headline: Staff Data Engineer" in text


async def test_a_missing_git_identity_is_explained_before_anything_is_written(
    make_app, sample_library, monkeypatch, tmp_path
):
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    git(sample_library, "config", "--unset", "user.name")
    git(sample_library, "config", "--unset", "user.email")
    original = (sample_library / ADA).read_bytes()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await decline_identity(pilot)
        form = await open_form(pilot)
        field(form, "headline").value = "Someone else"
        await pilot.press("ctrl+s")
        await settle(pilot)
        banner = str(form.query_one("#form-banner", Label).content)
        assert "git config --global user.name" in banner
    assert (sample_library / ADA).read_bytes() == original
