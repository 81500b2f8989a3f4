"""The benchmark's pure parts: reading wrk's output, the drift rule, hello-units, choosing topics, wrk's Lua
scripts and the table. No Django, no network, no clock: tests/test_bench_harness.py covers them.
"""

import re
from dataclasses import dataclass, field

# The bare response is measured first and last; when the two differ by more than this, the run is discarded.
MAX_DRIFT = 0.10
# Posts per topic page (practica.discussions.queries.POSTS_PER_PAGE; repeated here to stay Django-free, and
# passed in by bench/pages.py when it knows better).
POSTS_PER_PAGE = 20
# The marker line our Lua `done` callback prints, in microseconds.
LUA_MARKER = "bench-latency-us"
PERCENTILES = (50, 75, 90, 95, 99)


@dataclass
class Scenario:
    """One measured request. `expect_status` is what a working page answers; anything else skips it."""

    name: str
    path: str = ""
    method: str = "GET"
    signed_in: bool = True
    headers: dict = field(default_factory=dict)
    expect_status: int = 200
    # For a redirect: text its Location must contain (a reply lands on its post, not on the sign-in page).
    expect_location: str = ""
    # "document": a whole HTML page; "fragment": an htmx partial (HTML, no </html>); "text": the bare response.
    kind: str = "document"
    # Why it is not measured ("" when it is).
    skip: str = ""


# wrk's output.


def to_ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if not match:
        raise ValueError(f"unexpected wrk latency {value!r}")
    number, unit = float(match.group(1)), match.group(2)
    return number * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(output: str) -> dict:
    """Requests per second, latency percentiles (ms), request count and errors from `wrk --latency` output.

    Percentiles come from the line our Lua reporter prints (`bench-latency-us p50=... p95=...`, exact values
    from wrk's histogram) when present; otherwise p50/p75/p90/p99 from --latency's distribution, and p95 is
    None (wrk does not print it).
    """
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if not (rps and total):
        raise ValueError(f"could not read wrk's output:\n{output}")
    percentiles: dict[int, float | None] = dict.fromkeys(PERCENTILES)
    for number in PERCENTILES:
        line = re.search(rf"^\s+{number}%\s+(\S+)", output, re.MULTILINE)
        if line:
            percentiles[number] = to_ms(line.group(1))
    lua = re.search(rf"^{LUA_MARKER}\s+(.*)$", output, re.MULTILINE)
    if lua:
        for key, value in re.findall(r"p(\d+)=([\d.]+)", lua.group(1)):
            if int(key) in percentiles:
                percentiles[int(key)] = float(value) / 1000.0
    if percentiles[50] is None or percentiles[99] is None:
        raise ValueError(f"wrk printed no latency percentiles (run it with --latency):\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests_per_second": float(rps.group(1)),
        **{f"p{number}_ms": None if value is None else round(value, 3) for number, value in percentiles.items()},
        "requests": int(total.group(1)),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }


def measurement_problem(result: dict) -> str:
    """Why a wrk measurement cannot be trusted ("" when it can)."""
    problems = []
    if result["non_2xx"]:
        problems.append(f"{result['non_2xx']} error responses")
    if result["socket_errors"]:
        problems.append(f"socket errors ({result['socket_errors']})")
    if not result["requests"]:
        problems.append("no request completed")
    return "; ".join(problems)


# The drift rule and hello-units.


def drift(before_rps: float, after_rps: float) -> float:
    """How far the bare response moved between the first and last measurement, relative to the first."""
    if before_rps <= 0:
        return float("inf")
    return abs(after_rps - before_rps) / before_rps


def discarded(before_rps: float, after_rps: float, limit: float = MAX_DRIFT) -> bool:
    return drift(before_rps, after_rps) > limit


def bare_rate(before_rps: float, after_rps: float) -> float:
    return (before_rps + after_rps) / 2


def hello_units(bare_rps: float, page_rps: float) -> float | None:
    """How many bare responses one page costs: bare req/s ÷ page req/s."""
    if not page_rps or page_rps <= 0:
        return None
    return round(bare_rps / page_rps, 2)


# Checking a page before measuring it.


def response_problem(scenario: Scenario, status: int, body: str, location: str = "") -> str:
    """Why a page's one check response means it cannot be measured yet ("" when it is fine to measure)."""
    if status != scenario.expect_status:
        where = f" to {location}" if location and 300 <= status < 400 else ""
        return f"answered {status}{where}, expected {scenario.expect_status}"
    if scenario.expect_location and scenario.expect_location not in location:
        return f"redirected to {location or 'nowhere'}, expected {scenario.expect_location}"
    if scenario.expect_status != 200:
        return ""
    if re.fullmatch(r"\s*[a-z_]+\s*", body):
        return f"placeholder view ({body.strip()!r})"
    if scenario.kind == "document" and "</html>" not in body.lower():
        return "answered 200 without an HTML page"
    if scenario.kind == "fragment" and ("<" not in body or "</html>" in body.lower()):
        return "answered 200 without an HTML fragment"
    return ""


# Choosing the topics.


def last_page(post_count: int, per_page: int = POSTS_PER_PAGE) -> int:
    return max(1, -(-post_count // per_page))


def longest_topic(topics: list[dict]) -> dict | None:
    """The topic with most posts (the 2,000-post topic in tiers M and L), lowest pk on ties."""
    return min(topics, key=lambda row: (-row["post_count"], row["pk"])) if topics else None


def choose_topics(topics: list[dict], per_page: int = POSTS_PER_PAGE) -> dict:
    """Pick the topics to measure from rows of {pk, community_id, post_count} the member can see.

    - longest: the topic with most posts (`longest_topic`); the member belongs to its community;
    - typical: the median-length topic among the others with more than one page (so its first and last pages
      differ), else the median of all the others, else the longest itself;
    - reply: the shortest other topic in the longest topic's community (where the member may post), so the
      replies posted during the run leave the measured pages as they were.
    Returns pks, post counts and last pages, or {} when there is no topic.
    """
    longest = longest_topic(topics)
    if longest is None:
        return {}
    others = sorted(
        (row for row in topics if row["pk"] != longest["pk"]), key=lambda row: (row["post_count"], row["pk"])
    )
    pool = [row for row in others if row["post_count"] > per_page] or others or [longest]
    typical = pool[(len(pool) - 1) // 2]
    same = [row for row in others if row["community_id"] == longest["community_id"] and row["pk"] != typical["pk"]]
    reply = same[0] if same else longest

    def described(row: dict) -> dict:
        return {"pk": row["pk"], "posts": row["post_count"], "last_page": last_page(row["post_count"], per_page)}

    return {
        "community_id": longest["community_id"],
        "longest": described(longest),
        "typical": described(typical),
        "reply": described(reply),
    }


# wrk's Lua scripts.

REPORTER_LUA = f"""-- Generated by bench/run: print exact latency percentiles (microseconds) after the run.
done = function(summary, latency, requests)
  io.write(string.format("{LUA_MARKER} p50=%d p75=%d p90=%d p95=%d p99=%d\\n",
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(95), latency:percentile(99)))
end
"""


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def post_reply_lua(path: str, headers: dict, fields: dict, run_id: str) -> str:
    """A wrk script POSTing a reply form, with a fresh idempotency_key on every request (and per thread)."""
    header_lines = "\n".join(f"  [{lua_string(name)}] = {lua_string(value)}," for name, value in headers.items())
    from urllib.parse import urlencode

    return (
        "-- Generated by bench/run for one run: posts a reply with a fresh idempotency_key each request.\n"
        "local counter = 0\n"
        "local threads = 0\n"
        "setup = function(thread)\n"
        "  threads = threads + 1\n"
        '  thread:set("thread_number", threads)\n'
        "end\n"
        f"local path = {lua_string(path)}\n"
        "local headers = {\n"
        f"{header_lines}\n"
        "}\n"
        f"local fields = {lua_string(urlencode(fields))}\n"
        "request = function()\n"
        "  counter = counter + 1\n"
        f'  local key = string.format("{run_id}-%d-%d", thread_number or 0, counter)\n'
        '  return wrk.format("POST", path, headers, fields .. "&idempotency_key=" .. key)\n'
        "end\n" + REPORTER_LUA
    )


# The table.


def _cell(value, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def table_rows(results: list[dict]) -> list[tuple[str, ...]]:
    rows = [("page", "req/s", "p50 ms", "p95 ms", "p99 ms", "hello-units", "queries", "HTML bytes")]
    for result in results:
        if result.get("skipped"):
            rows.append((result["name"], result["skipped"], "", "", "", "", "", ""))
            continue
        rows.append(
            (
                result["name"],
                _cell(result.get("requests_per_second"), ",.1f"),
                _cell(result.get("p50_ms"), ".2f"),
                _cell(result.get("p95_ms"), ".2f"),
                _cell(result.get("p99_ms"), ".2f"),
                _cell(result.get("hello_units"), ".2f"),
                _cell(result.get("queries"), "d"),
                _cell(result.get("html_bytes"), ",d"),
            )
        )
    return rows


def format_table(results: list[dict]) -> str:
    """A plain-text table; a skipped page spans the columns with its reason."""
    rows = table_rows(results)
    measured = [row for row in rows if row[2] or row is rows[0]]
    widths = [max(len(row[index]) for row in measured) for index in range(len(rows[0]))]
    widths[0] = max(len(row[0]) for row in rows)
    lines = []
    for number, row in enumerate(rows):
        if number and not row[2] and row[1]:
            lines.append(f"{row[0].ljust(widths[0])}  {row[1]}")
        else:
            cells = [row[0].ljust(widths[0])] + [
                cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
            ]
            lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(results: list[dict]) -> str:
    rows = table_rows(results)
    lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(["---"] + ["---:"] * (len(rows[0]) - 1)) + " |"]
    for row in rows[1:]:
        if not row[2] and row[1]:
            row = (row[0], row[1], *[""] * (len(rows[0]) - 2))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
