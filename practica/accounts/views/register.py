from django.http import HttpResponse

# Being written in this session: each view below is replaced by its real one.


def invitation_accept(request, *args, **kwargs):
    return HttpResponse("invitation_accept")


def register_list(request, *args, **kwargs):
    return HttpResponse("register_list")


def register_import(request, *args, **kwargs):
    return HttpResponse("register_import")


def register_import_detail(request, *args, **kwargs):
    return HttpResponse("register_import_detail")


def invitation_list(request, *args, **kwargs):
    return HttpResponse("invitation_list")


def invitation_create(request, *args, **kwargs):
    return HttpResponse("invitation_create")


def invitation_revoke(request, *args, **kwargs):
    return HttpResponse("invitation_revoke")
