from django.http import HttpResponse

# Being written in this session: each view below is replaced by its real one.


def legal_accept(request, *args, **kwargs):
    return HttpResponse("legal_accept")


def legal_document(request, *args, **kwargs):
    return HttpResponse("legal_document")


def report_concern(request, *args, **kwargs):
    return HttpResponse("report_concern")


def legal_manage(request, *args, **kwargs):
    return HttpResponse("legal_manage")


def legal_draft(request, *args, **kwargs):
    return HttpResponse("legal_draft")


def legal_publish(request, *args, **kwargs):
    return HttpResponse("legal_publish")
