from django.http import HttpResponse

# Being written in this session: each view below is replaced by its real one.


def staff_home(request, *args, **kwargs):
    return HttpResponse("staff_home")


def member_list(request, *args, **kwargs):
    return HttpResponse("member_list")


def member_role(request, *args, **kwargs):
    return HttpResponse("member_role")


def audit_log(request, *args, **kwargs):
    return HttpResponse("audit_log")


def erasure_list(request, *args, **kwargs):
    return HttpResponse("erasure_list")


def erasure_decide(request, *args, **kwargs):
    return HttpResponse("erasure_decide")
