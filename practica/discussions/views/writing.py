from django.http import HttpResponse

# Being written in this session: each view below is replaced by its real one.


def topic_create(request, *args, **kwargs):
    return HttpResponse('topic_create')


def reply_create(request, *args, **kwargs):
    return HttpResponse('reply_create')


def poll_add(request, *args, **kwargs):
    return HttpResponse('poll_add')


def post_edit(request, *args, **kwargs):
    return HttpResponse('post_edit')


def post_history(request, *args, **kwargs):
    return HttpResponse('post_history')


def post_delete(request, *args, **kwargs):
    return HttpResponse('post_delete')


def linked_topic_create(request, *args, **kwargs):
    return HttpResponse('linked_topic_create')


def preview(request, *args, **kwargs):
    return HttpResponse('preview')


def draft_list(request, *args, **kwargs):
    return HttpResponse('draft_list')


def draft_save(request, *args, **kwargs):
    return HttpResponse('draft_save')


def draft_discard(request, *args, **kwargs):
    return HttpResponse('draft_discard')


def mention_suggestions(request, *args, **kwargs):
    return HttpResponse('mention_suggestions')
