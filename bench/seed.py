"""Benchmark data: `practica bench-seed --tier S|M|L --seed N`, deterministic, with bulk inserts.

| tier | members | communities | posts | notes |
| --- | --- | --- | --- | --- |
| S | 500 | 30 (8 closed) | 1,000 | one topic of 300 posts |
| M | 5,000 | 30 (8 closed) | 100,000 | topics of 2,000 posts |
| L | 50,000 | 30 (8 closed) | 1,000,000 | topics of 2,000 posts |

Topic lengths follow a long tail: most topics are short, a few are very long. Likes, polls, bookmarks and
read state come with them. Counters (member counts, topic post and like counts, last post) are set to match
the rows, as the services would have left them. Rows for apps not built yet (notifications, watchers) are
added by those apps' issues. The database is the one settings name (DATABASE_URL or var/); run it on an empty
database: `practica migrate && practica bench-seed --tier M`.
"""

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import timedelta

TIERS = {
    "S": {"members": 500, "posts": 1_000, "longest": 300},
    "M": {"members": 5_000, "posts": 100_000, "longest": 2_000},
    "L": {"members": 50_000, "posts": 1_000_000, "longest": 2_000},
}
COMMUNITIES = 30
CLOSED = 8
BATCH = 5_000
PASSWORD = "practica-bench"

PHRASES = [
    "How do others handle endings when the client is not ready?",
    "I have found that contracting for online work needs a clear plan for connection drops.",
    "Supervision helped me see my own part in the rupture.",
    "Has anyone used the new CPD log template?",
    "We agreed a review at session six, which gave us both a natural checkpoint.",
    "Note-keeping: I keep process notes separate from the clinical record.",
    "Working with an interpreter changed the pace of the sessions in a good way.",
    "Self-care is not a luxury in this work; I block out an hour after heavy days.",
    "The research call closes next month if anyone wants to take part.",
    "Thank you, this is really helpful and I will bring it to supervision.",
]


@dataclass
class Plan:
    members: int
    posts: int
    longest: int


def topic_lengths(rng: random.Random, total_posts: int, longest: int) -> list[int]:
    """A long-tailed list of topic lengths adding up to `total_posts`, with a few topics of `longest` posts."""
    lengths = [longest] * max(1, total_posts // 50_000)
    remaining = total_posts - sum(lengths)
    while remaining > 0:
        length = min(remaining, max(1, int(rng.paretovariate(1.3))), longest)
        lengths.append(length)
        remaining -= length
    rng.shuffle(lengths)
    return lengths


def say(message: str) -> None:
    print(f"[bench-seed] {message}", file=sys.stderr, flush=True)


def progress(total: int, label: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="rows", unit_scale=True, file=sys.stderr, mininterval=1)


def seed(tier: str, seed_value: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from practica.accounts.models import Profile, User
    from practica.communities.models import Community, CommunityMember, Division
    from practica.core.text import render_markdown
    from practica.discussions.models import Bookmark, Like, Poll, PollOption, Post, ReadState, Topic

    if Topic.objects.exists() or User.objects.filter(email__endswith="@bench.example").exists():
        raise SystemExit("bench-seed needs an empty database (run `practica flush` or use a new DATABASE_URL).")
    plan = Plan(**TIERS[tier])
    rng = random.Random(seed_value)
    now = timezone.now()
    started = time.monotonic()
    password = make_password(PASSWORD)
    bodies = [(text, render_markdown(text)) for text in PHRASES]

    with transaction.atomic():
        division = Division.objects.create(name="Bench division", slug="bench-division")
        communities = Community.objects.bulk_create(
            [
                Community(
                    name=f"Bench community {index:02d}",
                    division=division,
                    short_description="A community made for benchmarks.",
                    description_html="<p>A community made for benchmarks.</p>",
                    membership="closed" if index < CLOSED else "open",
                )
                for index in range(COMMUNITIES)
            ]
        )

    bar = progress(plan.members, "members")
    users: list[int] = []
    for start in range(0, plan.members, BATCH):
        chunk = [
            User(
                email=f"member{index}@bench.example",
                display_name=f"Bench Member {index}",
                handle=f"bench-member-{index}",
                password=password,
                membership_expires_on=(now + timedelta(days=365)).date(),
            )
            for index in range(start, min(start + BATCH, plan.members))
        ]
        with transaction.atomic():
            created = User.objects.bulk_create(chunk)
            Profile.objects.bulk_create([Profile(user=user) for user in created])
        users.extend(user.pk for user in created)
        bar.update(len(chunk))
    bar.close()

    # Each member joins three communities; a community's members are who may post in it.
    members_of: dict[int, list[int]] = {community.pk: [] for community in communities}
    rows = []
    for user_id in users:
        for community in rng.sample(communities, 3):
            members_of[community.pk].append(user_id)
            rows.append(CommunityMember(community=community, user_id=user_id))
    bar = progress(len(rows), "memberships")
    for start in range(0, len(rows), BATCH):
        with transaction.atomic():
            CommunityMember.objects.bulk_create(rows[start : start + BATCH])
        bar.update(min(BATCH, len(rows) - start))
    bar.close()
    for community in communities:
        Community.objects.filter(pk=community.pk).update(member_count=len(members_of[community.pk]))

    lengths = topic_lengths(rng, plan.posts, plan.longest)
    bar = progress(plan.posts, "posts")
    like_rows, read_rows, bookmark_rows, poll_topics = [], [], [], []
    topic_batch: list[tuple[Topic, int, list[int]]] = []

    def flush_topics() -> None:
        if not topic_batch:
            return
        with transaction.atomic():
            created = Topic.objects.bulk_create([topic for topic, _, _ in topic_batch])
            posts = []
            for topic, (_, length, authors) in zip(created, topic_batch, strict=True):
                start_time = topic.created_at
                for number in range(1, length + 1):
                    text, html = bodies[(topic.pk + number) % len(bodies)]
                    posts.append(
                        Post(
                            topic=topic,
                            author_id=authors[number % len(authors)],
                            number=number,
                            body=text,
                            body_html=html,
                            created_at=start_time + timedelta(minutes=number),
                            like_count=0,
                        )
                    )
            Post.objects.bulk_create(posts, batch_size=BATCH)
        bar.update(len(posts))
        topic_batch.clear()

    for topic_index, length in enumerate(lengths):
        community = communities[topic_index % COMMUNITIES]
        authors = rng.sample(members_of[community.pk], min(8, len(members_of[community.pk])))
        created_at = now - timedelta(days=rng.randint(0, 720), minutes=rng.randint(0, 1440))
        last_at = created_at + timedelta(minutes=length)
        topic = Topic(
            community=community,
            author_id=authors[0],
            title=f"Bench topic {topic_index}: {PHRASES[topic_index % len(PHRASES)][:80]}",
            kind="question" if topic_index % 7 == 0 else "discussion",
            created_at=created_at,
            post_count=length,
            next_post_number=length + 1,
            last_posted_at=last_at,
            last_poster_id=authors[length % len(authors)],
        )
        topic_batch.append((topic, length, authors))
        if sum(item[1] for item in topic_batch) >= BATCH:
            flush_topics()
    flush_topics()
    bar.close()

    # Likes (about one in three posts), read state (a tenth of members per topic), bookmarks, polls.
    post_ids = list(Post.objects.values_list("pk", "topic_id", "author_id", "topic__community_id"))
    bar = progress(len(post_ids), "likes and bookmarks")
    for post_id, _topic_id, author_id, community_id in post_ids:
        if rng.random() < 0.33:
            liker = rng.choice(members_of[community_id])
            if liker != author_id:
                like_rows.append(Like(post_id=post_id, user_id=liker))
        if rng.random() < 0.01:
            bookmark_rows.append(Bookmark(post_id=post_id, user_id=rng.choice(members_of[community_id])))
        if len(like_rows) >= BATCH:
            Like.objects.bulk_create(like_rows, ignore_conflicts=True)
            like_rows.clear()
        bar.update(1)
    Like.objects.bulk_create(like_rows, ignore_conflicts=True)
    Bookmark.objects.bulk_create(bookmark_rows, ignore_conflicts=True, batch_size=BATCH)
    bar.close()
    # Counters from the rows actually stored (ignore_conflicts may have dropped duplicates), in two UPDATEs.
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    say("counting likes")
    with transaction.atomic():
        likes_per_post = Like.objects.filter(post=OuterRef("pk")).values("post").annotate(n=Count("id")).values("n")
        Post.objects.update(like_count=Coalesce(Subquery(likes_per_post, output_field=IntegerField()), 0))
        likes_per_topic = (
            Post.objects.filter(topic=OuterRef("pk")).values("topic").annotate(n=Sum("like_count")).values("n")
        )
        Topic.objects.update(like_count=Coalesce(Subquery(likes_per_topic, output_field=IntegerField()), 0))

    topics = list(Topic.objects.values_list("pk", "community_id", "next_post_number"))
    bar = progress(len(topics), "read state and polls")
    for topic_id, community_id, next_number in topics:
        bar.update(1)
        # Up to 20 readers a topic: enough that every list page carries read state, without billions of rows.
        readers = rng.sample(members_of[community_id], min(20, max(1, len(members_of[community_id]) // 10)))
        read_rows.extend(
            ReadState(topic_id=topic_id, user_id=reader, last_read_number=rng.randint(1, next_number - 1))
            for reader in readers
        )
        if rng.random() < 0.02:
            poll_topics.append(topic_id)
        if len(read_rows) >= BATCH:
            ReadState.objects.bulk_create(read_rows, ignore_conflicts=True)
            read_rows.clear()
    ReadState.objects.bulk_create(read_rows, ignore_conflicts=True)
    bar.close()
    polls = Poll.objects.bulk_create(
        [Poll(topic_id=topic_id, question="Which works best?") for topic_id in poll_topics]
    )
    PollOption.objects.bulk_create(
        [
            PollOption(poll=poll, label=label, position=index)
            for poll in polls
            for index, label in enumerate(["A", "B", "C"])
        ]
    )
    say("gathering planner statistics (ANALYZE)")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "tier": tier,
        "seed": seed_value,
        "members": len(users),
        "communities": COMMUNITIES,
        "topics": len(topics),
        "posts": len(post_ids),
        "longest_topic": max(lengths),
        "seconds": round(time.monotonic() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="practica bench-seed", description=__doc__.splitlines()[0])
    parser.add_argument("--tier", choices=sorted(TIERS), default="S")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practica.settings")
    import django

    django.setup()
    summary = seed(options.tier, options.seed)
    print(" ".join(f"{key}={value}" for key, value in summary.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
