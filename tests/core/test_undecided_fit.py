"""A candidate whose file has no ``fit``: shown as undecided, treated as pursue, decided when someone chooses."""

from __future__ import annotations

import json
from pathlib import Path

from support import git, run_cli

from core.builders import TODAY
from runnerup_tui.actions import record_rejection
from runnerup_tui.domain.agenda import CONSENT_MISSING, FOLLOW_UP, agenda
from runnerup_tui.domain.model import Channel, Fit
from runnerup_tui.store.library import Library

THEO = "theo-lefevre"  # the sample library's candidate without a `fit:` line


def cli(library: Path, *args: str):  # noqa: ANN201
    return run_cli("--library", str(library), *args)


def test_show_says_a_candidate_without_a_fit_is_undecided_and_treated_as_pursue(library: Path) -> None:
    assert "\nfit:" not in (library / "candidates" / f"{THEO}.yaml").read_text()
    result = cli(library, "show", THEO)
    assert result.returncode == 0, result.stderr
    assert "fit: undecided (treated as pursue)" in result.stdout
    assert "fit: pursue" in cli(library, "show", "ada-lovelace").stdout


def test_show_json_keeps_the_fit_it_goes_by_and_says_whether_it_was_decided(library: Path) -> None:
    theo = json.loads(cli(library, "show", THEO, "--json").stdout)
    assert (theo["fit"], theo["fit_decided"]) == ("pursue", False)
    ada = json.loads(cli(library, "show", "ada-lovelace", "--json").stdout)
    assert (ada["fit"], ada["fit_decided"]) == ("pursue", True)


def test_search_finds_undecided_candidates_and_still_counts_them_as_pursue(library: Path) -> None:
    undecided = [e["id"] for e in json.loads(cli(library, "search", "fit:undecided", "--json").stdout)]
    assert undecided == [THEO]
    pursue = [e["id"] for e in json.loads(cli(library, "search", "fit:pursue", "--json").stdout)]
    assert THEO in pursue


def test_the_agenda_follows_up_an_undecided_candidate_as_pursue_and_says_so(library: Path) -> None:
    lib = Library.open(library)
    items = [i for i in agenda(lib.index.candidates.values(), lib.settings, TODAY, 7) if i.id == THEO]
    # he was invited to the newsletter with no consent on file: that is asked about too
    assert [i.reason for i in items] == [CONSENT_MISSING, FOLLOW_UP]
    assert "fit undecided, treated as pursue" in items[1].detail


def test_choosing_pursue_after_a_rejection_writes_the_decision_the_commit_names(library: Path) -> None:
    record_rejection(
        Library.open(library),
        THEO,
        channel=Channel.CALL,
        fit=Fit.PURSUE,
        reason="We hired someone with production Kubernetes.",
        date=TODAY,
    )
    assert "\nfit: pursue\n" in (library / "candidates" / f"{THEO}.yaml").read_text()
    assert git(library, "log", "-1", "--format=%s").strip() == "Record rejection of Théo Lefèvre (call); fit: pursue"
    assert "fit: pursue" in cli(library, "show", THEO).stdout
