"""What people type: phrases, exclusions, and every kind of bad input gives an answer, never a server error."""

import pytest

from practica.search.parsing import MAX_QUERY_LENGTH, parse_query

HTMX = {"HTTP_HX_REQUEST": "true"}

BAD_INPUT = [
    "",
    "   ",
    "x" * 5000,
    "supervision " * 100,
    "the and of",
    "!!! ??? ...",
    '"unbalanced quote',
    'supervision"',
    '""',
    '"',
    "-",
    "--",
    "-supervision",
    "supervision NEAR endings",
    "NEAR(supervision endings, 2)",
    "super*",
    "*",
    "^supervision",
    "title:supervision",
    "title : endings",
    "supervision AND OR NOT",
    "AND",
    "OR NOT",
    "(supervision",
    "supervision)",
    "{title body}: endings",
    "a & b | !c <-> d",
    "'; DROP TABLE search_searchdocument; --",
    "%_%",
    "\x00supervision",
    "\ue000endings\ue001",
    "supervisión",
    "école endings",
    "🙂 endings",
    "<script>alert(1)</script>",
]


def test_quotes_make_a_phrase_and_a_minus_sign_leaves_a_word_out():
    parsed = parse_query('supervision "ending well" -group')
    assert parsed.terms == ["supervision"]
    assert parsed.phrases == [["ending", "well"]]
    assert parsed.excluded == ["group"]


def test_syntax_characters_are_only_ever_separators():
    parsed = parse_query('NEAR(a* ^b title:c) AND "d')
    assert parsed.terms == ["near", "b", "title", "c", "d"]  # "a" and "and" are too common to search for
    assert parsed.phrases == []


def test_a_very_long_query_is_shortened_and_the_reader_is_told():
    parsed = parse_query("counselling " * 100)
    assert len(parsed.normalised) <= MAX_QUERY_LENGTH
    assert parsed.searchable and "shortened" in parsed.notice


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("", "Type a word"),
        ("the and of", "too common"),
        ("!!! ???", "punctuation"),
        ("-group", "minus sign"),
    ],
)
def test_queries_with_nothing_to_search_explain_why(query, problem):
    assert problem in parse_query(query).problem


@pytest.mark.parametrize("query", BAD_INPUT)
@pytest.mark.parametrize("tab", ["posts", "library", "meetings", "experts", "members"])
def test_bad_input_never_causes_a_server_error(query, tab, search_corpus, member_client):
    response = member_client.get("/search/", {"q": query, "tab": tab})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("query", BAD_INPUT)
def test_bad_input_in_suggestions_never_causes_a_server_error(query, search_corpus, member_client):
    assert member_client.get("/search/suggest/", {"q": query}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"community": "999999"},
        {"community": "not-a-number"},
        {"division": "x"},
        {"since": "2025-13-45"},
        {"since": "2026-02-01", "until": "2025-01-01"},
        {"until": "9999-12-31"},
        {"type": "nonsense"},
        {"sort": "random"},
        {"tab": "secrets"},
        {"page": "-3"},
        {"page": "999999"},
        {"page": "abc"},
        {"tag": "%"},
        {"author": "%_"},
        {"answered": "yes"},
        {"s": "forged-log"},
    ],
)
def test_bad_filters_are_dropped_not_refused(params, search_corpus, member_client):
    response = member_client.get("/search/", {"q": "supervision", **params})
    assert response.status_code == 200


def test_an_empty_search_explains_what_search_does(member_client):
    response = member_client.get("/search/")
    assert response.status_code == 200
    assert "Put a phrase in quotes" in response.content.decode()


def test_stop_words_only_gets_a_helpful_empty_state(member_client):
    page = member_client.get("/search/", {"q": "the of and"}, **HTMX).content.decode()
    assert "too common to search for" in page


def test_phrase_search_matches_the_words_together_only(search_corpus, member_client):
    together = member_client.get("/search/", {"q": '"planning endings"'}, **HTMX).content.decode()
    apart = member_client.get("/search/", {"q": '"endings planning"'}, **HTMX).content.decode()
    assert "Endings with clients" in together
    assert "Endings with clients" not in apart


def test_a_minus_sign_leaves_out_results_with_that_word(search_corpus, member_client):
    page = member_client.get("/search/", {"q": "supervision -courage"}, **HTMX).content.decode()
    assert "Endings with clients" in page
    assert "courage" not in page


def test_english_stemming_finds_other_forms_of_a_word(search_corpus, member_client):
    page = member_client.get("/search/", {"q": "planned ending"}, **HTMX).content.decode()
    assert "Endings with clients" in page


def test_snippets_escape_html_and_mark_only_matched_words(search_corpus, member_client):
    from practica.discussions.services.posting import reply

    reply(
        author=search_corpus["writer"],
        topic=search_corpus["visible"].topic,
        body="Use <b>bold</b> & care: endings matter",
    )
    from tests.helpers import run_pending_tasks

    run_pending_tasks()
    page = member_client.get("/search/", {"q": "endings matter"}, **HTMX).content.decode()
    assert "<b>bold</b>" not in page
    assert "<mark>endings</mark> <mark>matter</mark>" in page
