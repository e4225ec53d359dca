"""``runnerup export vcard``: candidates as vCard 3.0 contacts, read back with vobject as an address book would."""

from __future__ import annotations

from pathlib import Path

import vobject
from hostile import add_hostile, raw_characters
from support import run_cli

from runnerup_tui.domain.exports.vcard import first_line, name_parts, title_and_org


def _cards(library: Path, *args: str) -> dict[str, vobject.base.Component]:
    result = run_cli("--library", str(library), "export", "vcard", *args)
    assert result.returncode == 0, result.stderr
    cards = list(vobject.readComponents(result.stdout))
    assert all(card.version.value == "3.0" for card in cards)
    return {card.fn.value: card for card in cards}


def test_every_candidate_but_the_closed_ones_becomes_a_contact_with_a_stable_uid(library: Path) -> None:
    cards = _cards(library)
    assert len(cards) == 28 - 3  # the sample's three closed people are not put in anyone's phone
    assert "Daniel Cohen" not in cards and "Ada Lovelace" in cards
    uids = [card.uid.value for card in cards.values()]
    assert len(set(uids)) == len(uids)
    assert [card.uid.value for card in _cards(library).values()] == uids


def test_ada_has_her_name_email_phone_linkedin_note_and_title(library: Path) -> None:
    ada = _cards(library)["Ada Lovelace"]
    assert (ada.n.value.family, ada.n.value.given) == ("Lovelace", "Ada")
    assert ada.email.value == "ada.lovelace@example.org"
    assert ada.tel.value == "+44 20 7946 0018"
    linkedin = "https://www.linkedin.com/in/ada-lovelace-example"
    assert [url.value for url in ada.contents["url"]][0] == linkedin
    assert ada.x_socialprofile.value == linkedin and ada.x_socialprofile.params["TYPE"] == ["linkedin"]
    assert ada.note.value == (
        "Rows on the Thames on Saturday mornings (coxless four, Putney).\n"
        "Runner-up for Data Engineer, final round, 2026-03-10"
    )
    assert (ada.title.value, ada.org.value) == ("Senior Data Engineer", ["Analytical Engines Ltd"])


def test_non_latin_names_and_a_note_with_commas_and_semicolons_come_back_exact(library: Path) -> None:
    (library / "candidates" / "wang-xiao-ming.yaml").write_text(
        "name: 王小明\ncontact:\n  email: wang@example.cn\n  phone: '+86 10 1234 5678'\n"
        "notes: |\n  Brews gongfu tea; oolong, mostly, and \\ backslashes.\n  Second line.\n",
        encoding="utf-8",
    )
    (library / "candidates" / "iuliia-petrova.yaml").write_text("name: Юлия Петрова\n", encoding="utf-8")
    cards = _cards(library)
    wang = cards["王小明"]
    assert wang.n.value.family == "王小明" and wang.email.value == "wang@example.cn"
    assert wang.tel.value == "+86 10 1234 5678"
    assert wang.note.value == "Brews gongfu tea; oolong, mostly, and \\ backslashes."
    assert (cards["Юлия Петрова"].n.value.family, cards["Юлия Петрова"].n.value.given) == ("Петрова", "Юлия")
    assert cards["Nguyễn Thị Mai"].fn.value == "Nguyễn Thị Mai"


def test_owner_narrows_the_contacts(library: Path) -> None:
    cards = _cards(library, "--owner", "Grace Hopper")
    assert "Ada Lovelace" in cards and 0 < len(cards) < 10


def test_hostile_text_reaches_the_contact_exact_but_for_control_characters(library: Path) -> None:
    add_hostile(library)
    result = run_cli("--library", str(library), "export", "vcard")
    assert set(raw_characters(result.stdout)) <= {"U+202E", "U+2066", "U+2069"}
    eve = {card.fn.value: card for card in vobject.readComponents(result.stdout)}["Eve [31mRed[0m [bold]x[/]"]
    assert eve.email.value == "eve@example.org[2J"
    assert eve.note.value.startswith("line one [2J")


def test_the_structured_name_follows_what_the_name_shows() -> None:
    parts = lambda name: (name_parts(name).family, name_parts(name).given)  # noqa: E731
    assert parts("Lovelace, Ada") == ("Lovelace", "Ada")
    assert parts("Søren Kierkegaard-Nielsen") == ("Kierkegaard-Nielsen", "Søren")
    assert parts("Mary Ann  Evans") == ("Evans", "Mary Ann")
    assert parts("Cher") == ("", "Cher")
    assert parts("김민준") == ("김민준", "")  # unspaced: no guess where the family name ends
    assert parts("王 小明") == ("王", "小明")  # Chinese order: family name first


def test_title_and_organisation_only_from_a_clean_x_at_y_headline() -> None:
    assert title_and_org("Senior Data Engineer at Analytical Engines Ltd") == (
        "Senior Data Engineer",
        "Analytical Engines Ltd",
    )
    assert title_and_org("Engineer @ Foo") == ("Engineer", "Foo")
    for messy in (
        "Freelance, ex-Google",
        "Lead at Foo, mentor at Bar",
        "CTO at X | Advisor",
        "Looking at options",
        "Engineer at Acme (since 2026-11-02)",
        None,
    ):
        assert title_and_org(messy) is None, messy


def test_the_note_is_the_first_line_or_its_sentence_when_the_line_runs_on() -> None:
    assert first_line("One fact.\nAnother fact.\n") == "One fact."
    assert first_line("Swims at the Forty Foot all year and plays fiddle\nat a trad session. More here.") == (
        "Swims at the Forty Foot all year and plays fiddle at a trad session."
    )
    assert first_line("Paints tiles. The debrief leaned towards Ada, so\nwe waited.") == "Paints tiles."
    assert first_line("no full stop at all\nsecond") == "no full stop at all"
    assert first_line("") == ""


def test_long_non_latin_lines_are_folded_at_75_bytes_and_come_back_exact() -> None:
    from runnerup_tui.domain.exports.vcard import contact_card
    from runnerup_tui.domain.plain import plain_candidate

    note = "王小明喜欢喝乌龙茶，也喜欢写诗。" * 8
    candidate = plain_candidate({"name": "王小明" * 30, "notes": note + "\n二"})
    text = contact_card("Library", "wang", candidate).serialize()
    assert max(len(line.encode()) for line in text.split("\r\n")) <= 75
    [back] = vobject.readComponents(text)
    assert back.note.value == note and back.fn.value == "王小明" * 30
