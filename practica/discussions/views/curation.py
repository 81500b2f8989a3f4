from django.http import HttpResponse

# Being written in this session: each view below is replaced by its real one.


def topic_moderate(request, *args, **kwargs):
    return HttpResponse('topic_moderate')


def topic_move(request, *args, **kwargs):
    return HttpResponse('topic_move')


def topic_split(request, *args, **kwargs):
    return HttpResponse('topic_split')


def topic_merge(request, *args, **kwargs):
    return HttpResponse('topic_merge')
