from django.urls import path

from practica.discussions.views import curation, files, reading, writing

app_name = "discussions"

urlpatterns = [
    # Reading: lists, topics, research, bookmarks, likes, polls.
    path("communities/<int:pk>/topics/", reading.topic_list, name="topic-list"),
    path("communities/<int:pk>/topics/read/", reading.mark_community_read, name="mark-read"),
    path("topics/<int:pk>/", reading.topic_detail, name="topic"),
    path("posts/<int:pk>/", reading.post_permalink, name="post"),
    path("posts/<int:pk>/like/", reading.like_toggle, name="like"),
    path("posts/<int:pk>/likes/", reading.post_likers, name="likers"),
    path("posts/<int:pk>/bookmark/", reading.bookmark_edit, name="bookmark"),
    path("posts/<int:pk>/accept/", reading.accept_answer, name="accept-answer"),
    path("topics/<int:pk>/poll/vote/", reading.poll_vote, name="poll-vote"),
    path("research/", reading.research_list, name="research"),
    path("bookmarks/", reading.bookmark_list, name="bookmarks"),
    path("bookmarks/<int:pk>/remove/", reading.bookmark_remove, name="bookmark-remove"),
    # Attached files, only through a permission check.
    path("attachments/<int:pk>/", files.attachment_download, name="attachment"),
    path("attachments/<int:pk>/thumbnail/", files.attachment_thumbnail, name="attachment-thumbnail"),
    # Writing: starting topics, replying, quoting, editing, drafts, previews, mentions.
    path("communities/<int:pk>/topics/new/", writing.topic_create, name="topic-create"),
    path("topics/<int:pk>/reply/", writing.reply_create, name="reply"),
    path("topics/<int:pk>/poll/", writing.poll_add, name="poll-add"),
    path("posts/<int:pk>/edit/", writing.post_edit, name="post-edit"),
    path("posts/<int:pk>/history/", writing.post_history, name="post-history"),
    path("posts/<int:pk>/delete/", writing.post_delete, name="post-delete"),
    path("posts/<int:pk>/continue/", writing.linked_topic_create, name="linked-topic"),
    path("preview/", writing.preview, name="preview"),
    path("confidentiality-check/", writing.confidentiality_check, name="confidentiality-check"),
    path("drafts/", writing.draft_list, name="drafts"),
    path("drafts/save/", writing.draft_save, name="draft-save"),
    path("drafts/<int:pk>/discard/", writing.draft_discard, name="draft-discard"),
    path("mentions/", writing.mention_suggestions, name="mentions"),
    # Champions and moderators.
    path("topics/<int:pk>/moderate/", curation.topic_moderate, name="moderate"),
    path("topics/<int:pk>/move/", curation.topic_move, name="move"),
    path("topics/<int:pk>/split/", curation.topic_split, name="split"),
    path("topics/<int:pk>/merge/", curation.topic_merge, name="merge"),
]
