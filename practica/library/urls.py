from django.urls import path

from practica.library.views import browsing, editing, files

app_name = "library"

urlpatterns = [
    # Reading.
    path("library/", browsing.library_index, name="index"),
    path("communities/<int:pk>/library/", browsing.community_library, name="community"),
    path("library/items/<int:pk>/", browsing.item_detail, name="item"),
    path("library/collections/", browsing.collection_list, name="collections"),
    path("library/collections/<int:pk>/", browsing.collection_detail, name="collection"),
    # Files, only through permission checks.
    path("library/items/<int:pk>/download/", files.download, name="download"),
    path("library/versions/<int:pk>/download/", files.version_download, name="version-download"),
    path("library/versions/<int:pk>/thumbnail/", files.thumbnail, name="thumbnail"),
    # Adding and looking after items.
    path("library/add/", editing.item_create, name="item-create"),
    path("library/items/<int:pk>/edit/", editing.item_edit, name="item-edit"),
    path("library/items/<int:pk>/versions/new/", editing.version_create, name="version-create"),
    path("library/items/<int:pk>/remove/", editing.item_remove, name="item-remove"),
    path("library/items/<int:pk>/hide/", editing.item_hide, name="item-hide"),
    path("library/items/<int:pk>/like/", editing.like_toggle, name="like"),
    path("library/items/<int:pk>/collect/", editing.item_collect, name="item-collect"),
    # Collections.
    path("library/collections/new/", editing.collection_create, name="collection-create"),
    path("library/collections/<int:pk>/edit/", editing.collection_edit, name="collection-edit"),
    path("library/collections/<int:pk>/items/<int:item_pk>/", editing.collection_entry, name="collection-entry"),
]
