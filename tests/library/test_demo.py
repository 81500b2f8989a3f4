"""The demo site shows the library in use."""

from practica.accounts import demo as accounts_demo
from practica.communities import demo as communities_demo
from practica.library import demo
from practica.library.models import Collection, LibraryItem


def test_the_demo_library_has_a_dozen_items_a_collection_and_can_be_loaded_twice(db):
    accounts_demo.load()
    communities_demo.load()
    demo.load()
    assert LibraryItem.objects.count() == 12
    assert LibraryItem.objects.filter(community__isnull=True).count() == 4
    assert LibraryItem.objects.filter(current_version__number=2).count() == 1
    assert Collection.objects.get().entries.count() == 4
    demo.load()
    assert LibraryItem.objects.count() == 12
