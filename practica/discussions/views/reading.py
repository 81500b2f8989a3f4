from django.http import HttpResponse

# Being written in this session: each view below is replaced by its real one.


def topic_list(request, *args, **kwargs):
    return HttpResponse('topic_list')


def mark_community_read(request, *args, **kwargs):
    return HttpResponse('mark_community_read')


def topic_detail(request, *args, **kwargs):
    return HttpResponse('topic_detail')


def post_permalink(request, *args, **kwargs):
    return HttpResponse('post_permalink')


def like_toggle(request, *args, **kwargs):
    return HttpResponse('like_toggle')


def post_likers(request, *args, **kwargs):
    return HttpResponse('post_likers')


def bookmark_edit(request, *args, **kwargs):
    return HttpResponse('bookmark_edit')


def accept_answer(request, *args, **kwargs):
    return HttpResponse('accept_answer')


def poll_vote(request, *args, **kwargs):
    return HttpResponse('poll_vote')


def research_list(request, *args, **kwargs):
    return HttpResponse('research_list')


def bookmark_list(request, *args, **kwargs):
    return HttpResponse('bookmark_list')


def bookmark_remove(request, *args, **kwargs):
    return HttpResponse('bookmark_remove')
