"""The benchmark harness's pure parts (bench/harness.py): no server, no network, no timing assertions."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from harness import (
    LUA_MARKER,
    REPORTER_LUA,
    Scenario,
    bare_rate,
    choose_topics,
    discarded,
    drift,
    format_table,
    hello_units,
    last_page,
    longest_topic,
    markdown_table,
    measurement_problem,
    parse_wrk,
    post_reply_lua,
    response_problem,
    to_ms,
)

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:41234/topics/35/?page=15
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.80ms    3.41ms  40.12ms   80.11%
    Req/Sec   410.52     30.12   470.00     70.00%
  Latency Distribution
     50%   10.52ms
     75%   12.10ms
     90%   15.01ms
     99%   25.40ms
  2051 requests in 5.01s, 250.12KB read
Requests/sec:    409.20
Transfer/sec:     83.10KB
bench-latency-us p50=10498 p75=12100 p90=15010 p95=19120 p99=25403
"""


def test_wrk_output_with_the_lua_reporter_gives_exact_percentiles_including_p95():
    result = parse_wrk(WRK_OUTPUT)
    assert result["requests_per_second"] == 409.2
    assert result["requests"] == 2051
    assert result["p50_ms"] == 10.498
    assert result["p95_ms"] == 19.12
    assert result["p99_ms"] == 25.403
    assert result["non_2xx"] == 0 and result["socket_errors"] == ""
    assert measurement_problem(result) == ""


def test_wrk_output_without_the_lua_line_falls_back_to_the_distribution_and_has_no_p95():
    result = parse_wrk(WRK_OUTPUT.replace(WRK_OUTPUT.splitlines()[-1], ""))
    assert result["p50_ms"] == 10.52 and result["p90_ms"] == 15.01 and result["p99_ms"] == 25.4
    assert result["p95_ms"] is None


def test_wrk_errors_are_reported_as_a_problem():
    output = WRK_OUTPUT.replace(
        "Requests/sec:",
        "  Socket errors: connect 0, read 2, write 0, timeout 1\n  Non-2xx or 3xx responses: 7\nRequests/sec:",
    )
    result = parse_wrk(output)
    assert result["non_2xx"] == 7
    assert result["socket_errors"] == "connect 0, read 2, write 0, timeout 1"
    problem = measurement_problem(result)
    assert "7 error responses" in problem and "socket errors" in problem


def test_unreadable_wrk_output_raises():
    with pytest.raises(ValueError):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")
    with pytest.raises(ValueError):
        parse_wrk("  10 requests in 1.00s, 1KB read\nRequests/sec: 10.00\n")  # run without --latency


@pytest.mark.parametrize(
    ("text", "ms"), [("850.00us", 0.85), ("10.52ms", 10.52), ("1.20s", 1200.0), ("2.00m", 120000.0)]
)
def test_wrk_latency_units(text, ms):
    assert to_ms(text) == pytest.approx(ms)


def test_to_ms_rejects_unknown_units():
    with pytest.raises(ValueError):
        to_ms("12.0h")


def test_the_drift_rule_discards_a_run_when_the_bare_response_moved_more_than_ten_percent():
    assert drift(1000, 1100) == pytest.approx(0.10)
    assert not discarded(1000, 1099)
    assert not discarded(1000, 905)
    assert discarded(1000, 1101)
    assert discarded(1000, 899)
    assert discarded(0, 100), "a bare response that never answered cannot be trusted"
    assert bare_rate(1000, 900) == 950


def test_hello_units_is_bare_rate_over_page_rate():
    assert hello_units(2400, 300) == 8.0
    assert hello_units(2400, 7) == 342.86
    assert hello_units(2400, 0) is None


def topics(*rows):
    return [{"pk": pk, "community_id": community, "post_count": posts} for pk, community, posts in rows]


def test_choose_topics_picks_the_longest_a_typical_multi_page_topic_and_a_short_one_to_reply_to():
    rows = topics((1, 5, 3), (2, 5, 2000), (3, 7, 45), (4, 7, 61), (5, 5, 1), (6, 9, 30), (7, 5, 2000))
    chosen = choose_topics(rows, per_page=20)
    assert chosen["longest"] == {"pk": 2, "posts": 2000, "last_page": 100}, "most posts, lowest pk on ties"
    assert chosen["community_id"] == 5
    # The others with more than one page are 6 (30), 3 (45), 4 (61), 7 (2000): the lower median is 3.
    assert chosen["typical"] == {"pk": 3, "posts": 45, "last_page": 3}
    # The reply goes to the shortest other topic in the longest topic's community (where the member posts).
    assert chosen["reply"]["pk"] == 5


def test_choose_topics_with_only_short_topics_and_with_none():
    chosen = choose_topics(topics((1, 1, 3), (2, 1, 5), (3, 1, 1)), per_page=20)
    assert chosen["longest"]["pk"] == 2 and chosen["longest"]["last_page"] == 1
    assert chosen["typical"]["pk"] == 3
    assert chosen["reply"]["pk"] == 1
    alone = choose_topics(topics((9, 2, 12)), per_page=20)
    assert alone["typical"]["pk"] == alone["longest"]["pk"] == alone["reply"]["pk"] == 9
    assert choose_topics([]) == {}
    assert longest_topic([]) is None


def test_last_page():
    assert last_page(0) == 1
    assert last_page(20, 20) == 1
    assert last_page(21, 20) == 2
    assert last_page(2000, 20) == 100


def test_a_placeholder_a_redirect_or_a_wrong_kind_of_body_is_not_measured():
    page = Scenario("topic list", "/communities/5/topics/")
    assert response_problem(page, 200, "<!DOCTYPE html><html><body>…</body></html>") == ""
    assert response_problem(page, 200, "topic_list") == "placeholder view ('topic_list')"
    assert response_problem(page, 302, "", "/account/login/") == "answered 302 to /account/login/, expected 200"
    assert response_problem(page, 500, "") == "answered 500, expected 200"
    partial = Scenario("partial", "/x/", kind="fragment")
    assert response_problem(partial, 200, '<div id="results"></div>') == ""
    assert "fragment" in response_problem(partial, 200, "<html></html>")
    reply = Scenario("reply", "/topics/1/reply/", method="POST", expect_status=302, expect_location="/posts/")
    assert response_problem(reply, 302, "", "/posts/9/") == ""
    assert response_problem(reply, 302, "", "/account/login/?next=/x/") == (
        "redirected to /account/login/?next=/x/, expected /posts/"
    )
    assert response_problem(reply, 200, "reply_create") == "answered 200, expected 302"


def test_the_reporter_prints_p95_from_wrks_histogram():
    assert "done = function(summary, latency, requests)" in REPORTER_LUA
    assert "latency:percentile(95)" in REPORTER_LUA and LUA_MARKER in REPORTER_LUA


def test_the_reply_script_posts_the_form_with_a_fresh_idempotency_key_per_request():
    script = post_reply_lua(
        "/topics/65/reply/",
        {"Cookie": 'sessionid=abc; csrftoken="x"', "Content-Type": "application/x-www-form-urlencoded"},
        {"csrfmiddlewaretoken": "tok", "body": "Thank you & more"},
        "run42",
    )
    assert 'wrk.format("POST", path, headers, fields .. "&idempotency_key=" .. key)' in script
    assert "counter = counter + 1" in script
    assert '"run42-%d-%d", thread_number or 0, counter' in script
    assert 'thread:set("thread_number", threads)' in script, "keys differ between wrk threads"
    assert 'csrftoken=\\"x\\"' in script, "quotes are escaped inside Lua strings"
    assert "csrfmiddlewaretoken=tok&body=Thank+you+%26+more" in script
    assert "latency:percentile(95)" in script


def test_the_table_shows_skipped_pages_with_their_reason():
    results = [
        {"name": "bare response (before)", "requests_per_second": 2400.0, "p50_ms": 1.6, "p95_ms": 2.0, "p99_ms": 3.1},
        {
            "name": "topic list",
            "requests_per_second": 300.0,
            "p50_ms": 13.1,
            "p95_ms": 20.2,
            "p99_ms": 25.0,
            "hello_units": 8.0,
            "queries": 8,
            "html_bytes": 12345,
        },
        {"name": "reply (100 watchers)", "skipped": "n/a (notifications not built)"},
    ]
    text = format_table(results)
    lines = text.splitlines()
    assert lines[0].split() == [
        "page",
        "req/s",
        "p50",
        "ms",
        "p95",
        "ms",
        "p99",
        "ms",
        "hello-units",
        "queries",
        "HTML",
        "bytes",
    ]
    assert "12,345" in text and "8.00" in text
    assert lines[-1].startswith("reply (100 watchers)") and lines[-1].endswith("n/a (notifications not built)")
    bare = lines[2].split()
    assert bare[-3:] == ["—", "—", "—"]
    markdown = markdown_table(results)
    assert "| reply (100 watchers) | n/a (notifications not built) |" in markdown
