"""The benchmark data generator leaves data the services would have left: counters match a recount."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from seed import seed, topic_lengths


def test_topic_lengths_add_up_and_include_the_longest_topics():
    import random

    lengths = topic_lengths(random.Random(1), 100_000, 2_000)
    assert sum(lengths) == 100_000
    assert lengths.count(2_000) >= 2
    assert sorted(lengths)[len(lengths) // 2] <= 5, "most topics are short"


@pytest.mark.django_db
def test_tier_s_is_deterministic_and_its_counters_match_a_recount():
    from practica.communities.models import Community
    from practica.discussions.models import Post, Topic
    from practica.discussions.services.posting import recount_topic

    summary = seed("S", 1)
    assert summary["posts"] == 1_000 and summary["members"] == 500 and summary["communities"] == 30
    assert Community.objects.filter(membership="closed").count() == 8
    for topic in Topic.objects.all():
        stored = (topic.post_count, topic.like_count, topic.next_post_number, topic.last_poster_id)
        recount_topic(topic)
        assert stored == (topic.post_count, topic.like_count, topic.next_post_number, topic.last_poster_id)
    assert Post.objects.count() == 1_000
