"""Which community a page belongs to, from its URL alone (no query during the request).

Pages under `communities/<pk>/` name their community directly; pages of a topic, post, resource or meeting
name an object whose community is looked up when the tallies are written (one query per kind of object per
flush). Every other page counts as outside any community (0).
"""

from django.apps import apps

# (route prefix, model, lookup from the model to its community id)
OBJECT_ROUTES = [
    ("topics/<int:pk>", "discussions.Topic", "community_id"),
    ("posts/<int:pk>", "discussions.Post", "topic__community_id"),
    ("library/items/<int:pk>", "library.LibraryItem", "community_id"),
    ("library/versions/<int:pk>", "library.ItemVersion", "item__community_id"),
    ("meetings/<int:pk>", "meetings.Occurrence", "community_id"),
]
COMMUNITY_ROUTE = "communities/<int:pk>"


def community_key_for(match) -> int | tuple[str, int]:
    """A community id, or (model label, pk) to be resolved later, or 0."""
    route = match.route or ""
    pk = match.kwargs.get("pk")
    if not isinstance(pk, int):
        return 0
    if route.startswith(COMMUNITY_ROUTE):
        return pk
    for prefix, label, _lookup in OBJECT_ROUTES:
        if route.startswith(prefix):
            return (label, pk)
    return 0


def resolve_community_keys(keys) -> dict:
    """Map each key from community_key_for to a community id (0 when the object is gone or has none)."""
    resolved = {}
    wanted: dict[str, set[int]] = {}
    for key in keys:
        if isinstance(key, tuple):
            wanted.setdefault(key[0], set()).add(key[1])
        else:
            resolved[key] = key
    lookups = {label: lookup for _prefix, label, lookup in OBJECT_ROUTES}
    for label, pks in wanted.items():
        model = apps.get_model(label)
        found = dict(model.objects.filter(pk__in=pks).values_list("pk", lookups[label]))
        for pk in pks:
            resolved[(label, pk)] = found.get(pk) or 0
    return resolved
