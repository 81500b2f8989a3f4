"""The benchmark's pages, chosen from the seeded database, and what each costs in-process.

bench/run runs this as a script inside the benchmark's environment (same settings, same database as the
server it measures):

    python bench/pages.py OUT.json

It picks the member and the topics (bench/harness.py `choose_topics`), creates the member's session and a CSRF
token for wrk, builds the list of scenarios with their URLs (by URL name, so the paths follow the URL map),
then requests each page once with Django's test Client, signed in as the same member (force_login), and
counts its SQL queries (CaptureQueriesContext) and HTML bytes. Each page is requested twice and the second
request counted, so one-off work (template loading, first-use caches) does not inflate the count. It writes
everything as JSON to OUT.json. A page whose view raises is reported, not fatal.
"""

import json
import sys
import uuid
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from harness import Scenario, choose_topics, longest_topic  # noqa: E402
from home import member_session_cookie, setup_django  # noqa: E402

HOST = "127.0.0.1"
REPLY_BODY = "Benchmark reply: thank you, this is helpful and I will bring it to supervision."
WATCHER_VARIANTS = (100, 10_000)


def pick_member(community_id: int):
    """The first plain member (lowest id) of the community, among the benchmark's members."""
    from practica.communities.models import CommunityMember

    membership = (
        CommunityMember.objects.filter(
            community_id=community_id, role="member", user__email__endswith="@bench.example", user__is_active=True
        )
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    if membership is None:
        membership = (
            CommunityMember.objects.filter(community_id=community_id).select_related("user").order_by("user_id").first()
        )
    return membership.user if membership else None


def topic_rows(queryset) -> list[dict]:
    return [
        {"pk": pk, "community_id": community_id, "post_count": post_count}
        for pk, community_id, post_count in queryset.filter(merged_into__isnull=True, archived_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "community_id", "post_count")
    ]


def csrf_pair() -> tuple[str, str]:
    """A CSRF secret for the cookie and a masked token for the form, as a browser would hold them."""
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    secret = _get_new_csrf_string()
    return secret, _mask_cipher_secret(secret)


def url(name: str, *args, query: str = "") -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{path}?{query}" if query else path


def scenarios(topics: dict) -> list[Scenario]:
    """Every page bench/run measures, between the bare response before and after."""
    pages = [
        Scenario("home", url("home") or "/"),
        Scenario("sign-in page", url("account_login"), signed_in=False),
        Scenario("community list", url("communities:list")),
    ]
    if not topics:
        reason = "n/a: no topic in the database"
        names = ["topic list", "topic list (htmx partial)", "topic, first page", "topic, last page"]
        names += ["longest topic, last page", "reply"]
        return [
            *pages,
            *[Scenario(name, skip=reason) for name in names],
            Scenario("research page", url("discussions:research")),
        ]
    community = topics["community_id"]
    typical, longest, reply = topics["typical"], topics["longest"], topics["reply"]
    topic_list = url("discussions:topic-list", community)
    pages += [
        Scenario("topic list", topic_list),
        Scenario("topic list (htmx partial)", topic_list, headers={"HX-Request": "true"}, kind="fragment"),
        # ?page=1: without a page, a returning reader is redirected to the first unread post.
        Scenario(
            f"topic ({typical['posts']} posts), first page", url("discussions:topic", typical["pk"], query="page=1")
        ),
        Scenario(
            f"topic ({typical['posts']} posts), last page",
            url("discussions:topic", typical["pk"], query=f"page={typical['last_page']}"),
        ),
        Scenario(
            f"longest topic ({longest['posts']} posts), last page",
            url("discussions:topic", longest["pk"], query=f"page={longest['last_page']}"),
        ),
        Scenario("research page", url("discussions:research")),
        Scenario(
            "reply (0 watchers)",
            url("discussions:reply", reply["pk"]),
            method="POST",
            expect_status=302,
            expect_location="/posts/",
        ),
    ]
    for scenario in pages:
        if not scenario.path and not scenario.skip:
            scenario.skip = "n/a: URL name not found"
    return pages


def watcher_variants(notifications_built: bool) -> list[Scenario]:
    reason = "n/a (notifications not built)" if not notifications_built else "n/a (watcher seeding not written yet)"
    return [Scenario(f"reply ({count:,} watchers)", method="POST", skip=reason) for count in WATCHER_VARIANTS]


def in_process(scenario: Scenario, client, anonymous) -> dict:
    """Status, SQL queries and HTML bytes of one page through Django's test Client (second of two requests)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    use = client if scenario.signed_in else anonymous

    def request():
        if scenario.method == "POST":
            data = {"body": REPLY_BODY, "idempotency_key": uuid.uuid4().hex}
            return use.post(scenario.path, data, headers=scenario.headers)
        return use.get(scenario.path, headers=scenario.headers)

    try:
        request()
        with CaptureQueriesContext(connection) as queries:
            response = request()
    except Exception as error:  # a page being written may raise: report it, measure the rest
        return {"error": f"{type(error).__name__}: {error}"[:300]}
    content = b"" if getattr(response, "streaming", False) else response.content
    return {
        "status": response.status_code,
        "queries": len(queries.captured_queries),
        "html_bytes": len(content),
    }


def prepare() -> dict:
    setup_django()
    from django.apps import apps
    from django.test import Client

    from practica.discussions.models import Topic
    from practica.discussions.queries import POSTS_PER_PAGE

    longest = longest_topic(topic_rows(Topic.objects.all()))
    if longest is None:
        sys.exit("No topic in the database: was it seeded with `practica bench-seed`?")
    member = pick_member(longest["community_id"])
    if member is None:
        sys.exit(f"Nobody belongs to community {longest['community_id']}: cannot sign in for the benchmark.")
    topics = choose_topics(topic_rows(Topic.objects.visible_to(member)), per_page=POSTS_PER_PAGE)
    from django.conf import settings

    cookie = member_session_cookie(member.email)
    secret, token = csrf_pair()
    notifications_built = apps.is_installed("practica.notifications")
    pages = scenarios(topics)

    client = Client(HTTP_HOST=HOST)
    client.force_login(member)
    anonymous = Client(HTTP_HOST=HOST)
    costs = {}
    for scenario in pages:
        if not scenario.skip:
            costs[scenario.name] = in_process(scenario, client, anonymous)
    return {
        "member": {"email": member.email, "pk": member.pk},
        "cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}={secret}",
        "csrf_token": token,
        "reply_body": REPLY_BODY,
        "topics": topics,
        "posts_per_page": POSTS_PER_PAGE,
        "notifications_built": notifications_built,
        "scenarios": [vars(scenario) for scenario in pages],
        "watcher_variants": [vars(scenario) for scenario in watcher_variants(notifications_built)],
        "costs": costs,
    }


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(json.dumps(prepare(), indent=2), encoding="utf-8")
