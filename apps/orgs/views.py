from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def tree(request):
    return HttpResponse("tree")


@login_required
def person_list(request):
    return HttpResponse("people")
