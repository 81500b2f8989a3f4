from django.http import HttpResponse

# Being written in this session: each view below is replaced by its real one.


def directory(request, *args, **kwargs):
    return HttpResponse("directory")


def profile_detail(request, *args, **kwargs):
    return HttpResponse("profile_detail")


def profile_edit(request, *args, **kwargs):
    return HttpResponse("profile_edit")


def profile_preview(request, *args, **kwargs):
    return HttpResponse("profile_preview")


def account_overview(request, *args, **kwargs):
    return HttpResponse("account_overview")


def data_export(request, *args, **kwargs):
    return HttpResponse("data_export")


def erasure_request(request, *args, **kwargs):
    return HttpResponse("erasure_request")
