"""``runnerup draft``: outreach drafted from the little things on file, through the real command."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

from hostile import RAW, add_hostile
from support import PROJECT, SAMPLE, git, run_cli

from runnerup_tui.domain.drafts import KINDS
from runnerup_tui.domain.upfront import job_promises

TODAY = {"RUNNERUP_TODAY": "2026-11-16"}
AD = "https://jobs.example.org/senior-data-engineer?ref=runnerup&x=1"

MARA = """\
name: Mara Quinn
headline: Data Engineer at Tidewater
contact:
  email: mara.quinn@example.org
  linkedin: https://www.linkedin.com/in/mara-quinn-example
interviews:
  - role: Data Engineer
    date: 2026-03-10
    stage: final
fit: pursue
skills: [python, spark, sql]
interests:
  - sea kayaking
notes: |
  Paddles round Anglesey every summer. Wants to own a platform.
history:
  - id: t-1
    date: 2026-03-12
    kind: rejection
    summary: Rejection call.
  - id: t-2
    date: 2026-07-30
    kind: coffee
    summary: Coffee in Leeds.
  - id: t-3
    date: 2026-10-01
    kind: career-update
    summary: Promoted to Staff Data Engineer at Tidewater.
"""


def cli(library: Path, *args: str, **kw):  # noqa: ANN201, ANN003
    return run_cli("--library", str(library), *args, env={**TODAY, **kw.pop("env", {})}, **kw)


def draft(library: Path, *args: str) -> dict:
    result = cli(library, "draft", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def add_file(library: Path, rel: str, text: str) -> None:
    path = library / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(library, "add", rel)
    git(library, "commit", "-q", "-m", f"Add {rel}")


def with_mara(library: Path) -> Path:
    """Mara (an interest, a note, a coffee, a career update; fits senior-data-engineer), and the opening's ad."""
    add_file(library, "candidates/mara-quinn.yaml", MARA)
    opening = library / "openings" / "senior-data-engineer.yaml"
    add_file(library, "openings/senior-data-engineer.yaml", opening.read_text() + f"link: {AD}\n")
    return library


def test_an_email_draft_mentions_the_little_things_and_the_opening_that_fits_with_its_link(library: Path) -> None:
    with_mara(library)
    got = draft(library, "mara", "--kind", "email")
    body = got["body"]
    assert got["id"] == "mara-quinn" and got["kind"] == "email" and got["to"] == "mara.quinn@example.org"
    assert got["subject"] == "Catching up, Mara"
    assert body.startswith("Hi Mara,\n\n")
    assert "sea kayaking" in body  # an interest
    assert "Paddles round Anglesey every summer" in body  # the note
    assert "our coffee in July 2026" in body  # the last conversation
    assert "Promoted to Staff Data Engineer at Tidewater" in body  # the career update
    assert "We have an opening for Senior Data Engineer that made me think of you" in body
    assert AD in body
    assert body.endswith("Best,\nTest Recruiter")
    assert "{" not in body and "\n\n\n" not in body
    assert job_promises(body) == [] and job_promises(got["subject"]) == []
    assert cli(library, "check").returncode == 0  # the opening's `link:` is part of the schema: no warning


def test_the_kinds_read_differently_and_congrats_follows_a_career_update(library: Path) -> None:
    with_mara(library)
    kinds = {kind: draft(library, "mara-quinn", "--kind", kind) for kind in KINDS}
    assert len({k["body"] for k in kinds.values()}) == 4
    assert kinds["congrats"]["subject"] == "Congratulations, Mara!"
    assert "I just saw the news: Promoted to Staff Data Engineer at Tidewater." in kinds["congrats"]["body"]
    assert "opening" not in kinds["congrats"]["body"]  # a congratulation is only that
    assert kinds["article"]["subject"] == "Thought of you, Mara"
    assert "It is about sea kayaking" in kinds["article"]["body"]
    linkedin = kinds["linkedin"]  # a message on LinkedIn: no subject, sent to the profile, no mailto
    assert linkedin["subject"] is None and linkedin["mailto"] is None
    assert linkedin["to"] == "https://www.linkedin.com/in/mara-quinn-example"
    assert draft(library, "mara-quinn")["kind"] == "congrats"  # the latest touchpoint is a career update
    assert draft(library, "ada-lovelace")["kind"] == "email"


def test_someone_with_nothing_on_file_still_gets_a_short_decent_draft(library: Path) -> None:
    assert cli(library, "add", "Smith, John").returncode == 0
    result = cli(library, "draft", "smith-john")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Subject: Catching up, John\n\n"
        "Hi John,\n\nI hope all is well with you.\nWould you be up for a quick catch-up in the coming weeks?\n\n"
        "Best,\nTest Recruiter\n"
    )
    assert result.stderr == ""
    assert draft(library, "smith-john")["to"] is None and draft(library, "smith-john")["mailto"] is None


def test_a_note_that_would_promise_a_job_is_left_out_and_the_opening_never_promises(library: Path) -> None:
    with_mara(library)
    path = library / "candidates" / "mara-quinn.yaml"
    add_file(
        library,
        "candidates/mara-quinn.yaml",
        path.read_text().replace("Paddles round Anglesey every summer.", "We will hire you next quarter."),
    )
    result = cli(library, "draft", "mara", "--kind", "email", "--json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)["body"]
    assert "hire" not in body
    assert "that made me think of you" in body  # the opening that matches is still there, as a mention
    assert job_promises(body) == []
    assert "left out" in result.stderr and "{note}" in result.stderr and "we will hire you" in result.stderr.lower()


def test_a_template_that_promises_a_job_is_refused_naming_its_file_and_line(library: Path) -> None:
    add_file(library, "templates/email.md", "Subject: Hi {first_name}\n\nHi {first_name},\nWe'll hire you soon.\n")
    result = cli(library, "draft", "ada-lovelace", "--kind", "email")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("runnerup: templates/email.md:4: reads like a promise of a job (“We'll hire you”)")
    assert len(result.stderr.splitlines()) == 1


def test_a_library_template_overrides_the_built_in_one(library: Path) -> None:
    add_file(library, "templates/linkedin.md", "<!-- our voice -->\nYo {first_name}! Still into {interest}?\n")
    assert draft(library, "ada-lovelace", "--kind", "linkedin")["body"] == "Yo Ada! Still into poetry?"
    assert "I hope all is well" in draft(library, "ada-lovelace", "--kind", "email")["body"]  # the others: built in


def test_a_mistake_in_a_template_is_one_line_naming_the_file_and_line(library: Path) -> None:
    for text, line, words in (
        ("Subject: Hi\n\nHi {first_name},\n\nI read about {intrest}.\n", 5, "unknown field {intrest}; the fields are"),
        ("Subject: Hi {first_name\n\nHi.\n", 1, "expected '}' before end of string"),
        ("Hi {name.__class__}\n", 1, "unknown field {name.__class__}"),
        ("Hi {name!r}\n", 1, "write the field as {name}"),
        ("<!-- never closed\nHi {name}\n", 1, "the comment `<!--` is never closed"),
    ):
        add_file(library, "templates/email.md", text)
        result = cli(library, "draft", "ada-lovelace", "--kind", "email")
        assert result.returncode == 1, text
        assert result.stderr.startswith(f"runnerup: templates/email.md:{line}: "), result.stderr
        assert words in result.stderr and len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_template_that_is_not_utf8_says_so_with_its_line(library: Path) -> None:
    path = library / "templates" / "email.md"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"Subject: Hi\n\nCaf\xe9 {first_name}\n")
    result = cli(library, "draft", "ada-lovelace", "--kind", "email")
    assert result.returncode == 1
    assert result.stderr == "runnerup: templates/email.md:3: is not UTF-8 text; save it as UTF-8\n"


def test_hostile_text_is_shown_escaped_and_stays_exact_in_json(library: Path) -> None:
    add_hostile(library)
    human = cli(library, "draft", "eve-red", "--kind", "email")
    assert human.returncode == 0, human.stderr
    assert not RAW.findall(human.stdout) and not RAW.findall(human.stderr)
    assert "\\u202ereversed" in human.stdout and "eve@example.org\\x1b[2J" in human.stdout
    got = draft(library, "eve-red", "--kind", "email")
    assert "\u202ereversed" in got["body"] and got["to"] == "eve@example.org\x1b[2J"
    assert got["subject"] == "Catching up, Eve"


def test_the_mailto_link_round_trips_through_urllib_parse(library: Path) -> None:
    with_mara(library)
    got = draft(library, "mara", "--kind", "email")
    url = urllib.parse.urlsplit(got["mailto"])
    assert url.scheme == "mailto" and urllib.parse.unquote(url.path) == "mara.quinn@example.org"
    query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
    assert set(query) == {"subject", "body"}
    assert query["subject"] == [got["subject"]]
    assert query["body"] == [got["body"].replace("\n", "\r\n")]  # RFC 6068: line breaks as CRLF
    # an address that tries to add a header stays one address
    mara = (library / "candidates" / "mara-quinn.yaml").read_text()
    evil = "mara@example.org?bcc=all@example.org&subject=x"
    add_file(library, "candidates/mara-quinn.yaml", mara.replace("mara.quinn@example.org", f'"{evil}"'))
    url = urllib.parse.urlsplit(draft(library, "mara", "--kind", "email")["mailto"])
    assert urllib.parse.unquote(url.path) == evil
    assert set(urllib.parse.parse_qs(url.query)) == {"subject", "body"}


def test_a_newsletter_candidate_gets_no_personal_draft_unless_forced(library: Path) -> None:
    refused = cli(library, "draft", "lars-andersen")
    assert refused.returncode == 1 and refused.stdout == ""
    assert "is `newsletter`" in refused.stderr and "add --force" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    forced = cli(library, "draft", "lars-andersen", "--force")
    assert forced.returncode == 0 and "Hi Lars," in forced.stdout
    expired = cli(library, "draft", "olivia-brooks")  # consent expired: no outreach either
    assert expired.returncode == 1 and "consent expired" in expired.stderr


def test_init_writes_the_templates_and_leaves_a_teams_own_folder_alone(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    assert run_cli("init", str(root)).returncode == 0
    shipped = PROJECT / "src" / "runnerup_tui" / "templates"
    for name in ("email.md", "linkedin.md", "congrats.md", "article.md"):
        assert (root / "templates" / name).read_bytes() == (shipped / name).read_bytes()
    (root / "templates" / "email.md").write_text("Hello {first_name}\n")
    (root / "templates" / "linkedin.md").unlink()
    git(root, "commit", "-qam", "Our own voice")
    again = run_cli("init", str(root))
    assert again.returncode == 0 and "already a runnerup library" in again.stderr
    assert (root / "templates" / "email.md").read_text() == "Hello {first_name}\n"
    assert not (root / "templates" / "linkedin.md").exists()  # deleted on purpose: the built-in one is used
    assert run_cli("add", "Ada Byron", cwd=root).returncode == 0
    linkedin = run_cli("draft", "ada-byron", "--kind", "linkedin", cwd=root)
    assert linkedin.returncode == 0 and linkedin.stdout.startswith("Hi Ada, I hope all is well!")


def test_the_sample_library_carries_the_built_in_templates() -> None:
    shipped = PROJECT / "src" / "runnerup_tui" / "templates"
    assert sorted(p.name for p in (SAMPLE / "templates").iterdir()) == sorted(p.name for p in shipped.glob("*.md"))
    for path in shipped.glob("*.md"):
        assert (SAMPLE / "templates" / path.name).read_bytes() == path.read_bytes()


def test_sync_shares_a_hand_edited_template_with_the_team(tmp_path: Path) -> None:
    remote, alice, bob = tmp_path / "remote.git", tmp_path / "alice", tmp_path / "bob"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    assert run_cli("init", str(alice)).returncode == 0
    git(alice, "remote", "add", "origin", str(remote))
    git(alice, "push", "-q", "-u", "origin", "main")
    git(tmp_path, "clone", "-q", str(remote), str(bob))
    (alice / "templates" / "linkedin.md").write_text("Hey {first_name}, how is {interest} going?\n")
    (alice / "notes.md").write_text("not the library's: left alone\n")
    synced = run_cli("--library", str(alice), "sync")
    assert synced.returncode == 0, synced.stderr
    assert "committed 1 hand-edited file(s)" in synced.stdout
    assert git(alice, "status", "--porcelain") == "?? notes.md\n"
    assert run_cli("--library", str(bob), "sync").returncode == 0
    assert (bob / "templates" / "linkedin.md").read_text() == "Hey {first_name}, how is {interest} going?\n"
