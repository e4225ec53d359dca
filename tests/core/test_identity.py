"""The keys that make two records one person: email, E.164 phone, LinkedIn id; names only make a likely match."""

from __future__ import annotations

import pytest

from runnerup_tui.domain.identity import (
    EMAIL,
    LINKEDIN,
    PHONE,
    Key,
    email_key,
    likely_names,
    likely_same_name,
    linkedin_key,
    name_key,
    person_keys,
    phone_key,
)


@pytest.mark.parametrize(
    ("text", "key"),
    [(" Ada@Example.COM ", "ada@example.com"), ("mailto:x@y.io", "x@y.io"), ("not an email", None), ("", None)],
)
def test_an_email_is_one_key_whatever_its_case(text: str, key: str | None) -> None:
    assert email_key(text) == key


def test_one_phone_written_three_ways_is_one_e164_key() -> None:
    assert phone_key("+44 20 7946 0958") == phone_key("0044 (20) 7946-0958") == "+442079460958"
    assert phone_key("(415) 555-0100", region="US") == "+14155550100"


def test_a_local_number_without_a_country_is_no_key() -> None:
    # two local numbers from different countries must never make one person
    assert phone_key("(415) 555-0100") is None
    assert phone_key("call me") is None


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.linkedin.com/in/Ada-L/", "ada-l"),
        ("linkedin.com/in/j%C3%B6rg?trk=x", "jörg"),
        ("https://de.linkedin.com/in/abc", "abc"),
        ("https://example.com/in/abc", None),
        ("https://www.linkedin.com/company/acme", None),
    ],
)
def test_a_linkedin_profile_is_known_by_its_id(url: str, key: str | None) -> None:
    assert linkedin_key(url) == key


def test_a_records_keys_come_from_its_contact_and_its_linkedin_links() -> None:
    record = {
        "name": "Ada",
        "contact": {"email": "ADA@x.org", "phone": "+1 415 555 0100", "links": ["https://linkedin.com/in/ada/"]},
    }
    assert person_keys(record) == {Key(EMAIL, "ada@x.org"), Key(PHONE, "+14155550100"), Key(LINKEDIN, "ada")}
    assert person_keys({"name": "Nobody"}) == set()


def test_names_compare_in_any_order_script_and_accent() -> None:
    assert name_key("Smith, John") == "john smith"
    assert name_key("王小明") == "wang xiao ming"
    assert likely_same_name("Smith, John", "John Smith")
    assert likely_same_name("Zoë O'Brien", "Zoe OBrien")
    assert not likely_same_name("John Smith", "Joan Smyth")
    assert not likely_same_name("", "")


def test_likely_names_finds_the_alike_best_first() -> None:
    found = likely_names("Smith, John", [("a", "Jon Smith"), ("b", "John Smith"), ("c", "Mary Jones")])
    assert [cid for cid, _ in found] == ["b", "a"]
