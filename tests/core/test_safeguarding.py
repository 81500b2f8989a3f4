"""The client-confidentiality check: each detector, the modulus-11 check, the highlighted excerpt, and the
precision and recall on the labelled corpus (tests/core/safeguarding_corpus.py)."""

import itertools
import sys
from pathlib import Path

import pytest

from practica.core.safeguarding import (
    DATE_OF_BIRTH,
    EMAIL,
    FULL_NAME,
    KINDS,
    NHS_NUMBER,
    PHONE,
    POSTCODE,
    find_identifying_details,
    highlighted_excerpt,
    kinds_found,
    nhs_number_is_valid,
)
from tests.core.safeguarding_corpus import CORPUS, HELD_OUT

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from safeguarding import measure


def kinds(text: str) -> list[str]:
    return kinds_found(find_identifying_details(text))


# The modulus-11 check.


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "943-476-5919", "401 023 2137", "450 535 6825"])
def test_a_number_whose_check_digit_fits_passes_the_modulus_11_check(number):
    assert nhs_number_is_valid(number)


@pytest.mark.parametrize("number", ["943 476 5918", "9434765910", "1234567890", "943 476 591", "94347659199", "abc"])
def test_a_number_whose_check_digit_does_not_fit_fails_the_modulus_11_check(number):
    assert not nhs_number_is_valid(number)


def test_a_number_whose_check_would_be_ten_is_never_valid():
    # Nine digits whose weighted sum leaves a remainder of 1: no tenth digit can be right.
    nine = next(
        f"{n:09d}"
        for n in range(100000000, 100100000)
        if 11 - sum(int(d) * w for d, w in zip(f"{n:09d}", range(10, 1, -1), strict=True)) % 11 == 10
    )
    assert not any(nhs_number_is_valid(nine + str(last)) for last in range(10))


def test_an_nhs_number_is_found_with_or_without_spaces_and_only_with_a_valid_check_digit():
    assert kinds("NHS number 943 476 5919.") == [NHS_NUMBER]
    assert kinds("NHS number 9434765919.") == [NHS_NUMBER]
    assert kinds("NHS number 943 476 5918.") == []
    assert kinds("Mixed grouping 943 4765919 is not the 3-3-4 format.") == []


def test_an_isbn_which_passes_the_same_check_is_not_an_nhs_number():
    assert nhs_number_is_valid("0415123453")
    assert kinds("ISBN 0415123453") == []


def test_a_finding_says_what_where_and_why():
    text = "My client's NHS number is 943 476 5919, sadly."
    (finding,) = find_identifying_details(text)
    assert (finding.kind, finding.text) == (NHS_NUMBER, "943 476 5919")
    assert text[finding.start : finding.end] == "943 476 5919"
    assert "check digit" in str(finding.explanation)
    assert str(finding.label) == "NHS number"


# Dates.


def test_a_date_next_to_born_or_client_is_found_and_other_dates_are_not():
    assert kinds("My client, born 14/02/1991, is pregnant.") == [DATE_OF_BIRTH]
    assert kinds("I first saw the patient on 12 January 2024.") == [DATE_OF_BIRTH]
    assert kinds("DOB: 3rd March") == [DATE_OF_BIRTH]
    assert kinds("The conference is on 12 March 2025 in Leeds.") == []
    assert kinds("Our group meets on 3rd June.") == []


def test_years_durations_and_session_numbers_are_not_dates():
    assert kinds("My client has been in therapy since 2019, 12 sessions of 50 minutes, session 6 next.") == []
    assert kinds("It took 10 minutes; she is 24 and was born in 1999.") == []


# Postcodes, phones, e-mail.


def test_uk_postcodes_are_found_in_capitals_or_after_the_word_postcode():
    assert kinds("She lives in SW1A 1AA now.") == [POSTCODE]
    assert kinds("She lives in M1 1AE now.") == [POSTCODE]
    assert kinds("postcode: ls6 2qt") == [POSTCODE]
    assert kinds("she lives in ls6 2qt") == []
    assert kinds("CO2 levels and A12 and level 4 are not postcodes.") == []


@pytest.mark.parametrize(
    "number",
    ["07700 900123", "07700900123", "+44 7700 900123", "+44 (0)20 7946 0958", "(01632) 960 123", "0113 496 0000"],
)
def test_uk_landline_and_mobile_numbers_are_found(number):
    assert kinds(f"Her number is {number}, call after six.") == [PHONE]


@pytest.mark.parametrize("number", ["116 123", "0300 123 3393", "0800 1111", "0808 2000 247", "111"])
def test_helpline_and_organisation_numbers_are_not(number):
    assert kinds(f"Call {number} for support.") == []


def test_e_mail_addresses_are_found_but_not_role_addresses_or_mentions():
    assert kinds("Write to jane.doe@example.com today.") == [EMAIL]
    assert kinds("Write to info@example.org or @maya-okafor.") == []


# Names.


def test_a_full_name_next_to_client_is_found():
    assert kinds("My client Jane Smith cancelled again.") == [FULL_NAME]
    assert kinds("Mrs Patel, a patient of mine, rang.") == [FULL_NAME]
    assert kinds("My supervisee, Amira Khan, is struggling.") == [FULL_NAME]


def test_names_of_theorists_colleagues_and_ordinary_capitalised_words_are_not_clients():
    assert kinds("Carl Rogers, Freud, Winnicott, Bowlby, Klein, Jung and Yalom all wrote about the client.") == []
    assert kinds("Melanie Klein would call my client's defence splitting.") == []
    assert kinds("My supervisor Anne Marsh suggested I bring this client back.") == []
    assert kinds("Last Tuesday my client was referred by the Community Mental Health Team.") == []
    assert kinds("Jane Smith wrote a lovely book about endings.") == []


def test_a_name_already_marked_as_changed_is_not_flagged():
    assert kinds("My client 'Jane Doe' (not her real name) cancelled.") == []


def test_code_spans_and_blocks_are_checked_too():
    assert kinds("```\npatient: Jane Smith, 943 476 5919\n```") == [NHS_NUMBER, FULL_NAME]


def test_findings_do_not_overlap_and_come_in_order():
    text = "Client Joe Bloggs, born 1 May 1980, NHS 431 734 7105, phone +44 7700 900123."
    found = find_identifying_details(text)
    assert [f.kind for f in found] == [FULL_NAME, DATE_OF_BIRTH, NHS_NUMBER, PHONE]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_the_excerpt_escapes_everything_and_marks_the_finding():
    text = "<b>My</b> client's NHS number is 943 476 5919 & more <script>"
    (finding,) = find_identifying_details(text)
    html = highlighted_excerpt(text, finding, hidden_label="<found>")
    assert '<mark><span class="visually-hidden">[&lt;found&gt;] </span>943 476 5919</mark>' in html
    assert "<b>" not in html and "<script>" not in html and "&amp; more" in html


def test_the_excerpt_is_cut_at_spaces_with_an_ellipsis():
    text = "word " * 30 + "client Jane Smith said " + "more " * 30
    (finding,) = find_identifying_details(text)
    html = highlighted_excerpt(text, finding, context=20)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>Jane Smith</mark>" in html


def test_empty_and_huge_texts_are_fine():
    assert find_identifying_details("") == []
    assert find_identifying_details(None) == []
    assert find_identifying_details("a" * 40_000 + "@" + "b" * 40_000) == []


# The labelled corpus.


def test_the_corpus_has_at_least_200_sentences_about_half_with_identifying_details():
    assert len(CORPUS) >= 200
    with_details = sum(1 for _text, expected in CORPUS if expected)
    assert 0.45 <= with_details / len(CORPUS) <= 0.6
    assert all(expected <= set(KINDS) for _text, expected in CORPUS + HELD_OUT)


def test_every_kind_meets_the_targets_on_the_corpus():
    report = measure(CORPUS)
    for kind in KINDS:
        score = report.per_kind[kind]
        assert score.recall >= 0.95, (kind, score)
        assert score.precision >= 0.9, (kind, score)
    assert report.structured.recall >= 0.95 and report.structured.precision >= 0.9
    assert report.overall.recall >= 0.95 and report.overall.precision >= 0.9


def test_the_structured_identifiers_meet_the_targets_on_the_held_out_set():
    report = measure(HELD_OUT)
    assert report.structured.recall >= 0.95 and report.structured.precision >= 0.9
