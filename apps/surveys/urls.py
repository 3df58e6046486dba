from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("mine/", views.survey_mine, name="mine"),
    path("<int:pk>/answer/", views.survey_answer, name="answer"),
    path("<int:pk>/results/", views.survey_results, name="results"),
]
