from django.urls import path

from . import views

app_name = "talent"

urlpatterns = [
    path("", views.pool, name="home"),
    path("pool.xlsx", views.pool_export, name="pool_export"),
    path("entries/new/", views.entry_new, name="entry_new"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/end/", views.entry_step, {"step": "end"}, name="entry_end"),
    path("priority/", views.priority, name="priority"),
    path("priority.xlsx", views.priority_export, name="priority_export"),
    path("mentorships/", views.mentorships, name="mentorships"),
    path("mentorships/new/", views.mentorship_new, name="mentorship_new"),
    path("mentorships/<int:pk>/result/", views.mentorship_result, name="mentorship_result"),
    path("contests/", views.contests, name="contests"),
    path("contests/new/", views.contest_new, name="contest_new"),
    path("contests/<int:pk>/", views.contest_detail, name="contest"),
    path(
        "contests/<int:pk>/entrant/",
        views.contest_step,
        {"step": "entrant"},
        name="contest_entrant",
    ),
    path("contests/<int:pk>/round/", views.contest_step, {"step": "round"}, name="contest_round"),
    path("contests/<int:pk>/team/", views.contest_step, {"step": "team"}, name="contest_team"),
    path("contests/<int:pk>/totals/", views.contest_totals, name="contest_totals"),
    path(
        "entrants/<int:pk>/result/", views.entrant_step, {"step": "result"}, name="entrant_result"
    ),
    path("entrants/<int:pk>/award/", views.entrant_step, {"step": "award"}, name="entrant_award"),
    path("awards/<int:pk>/decide/", views.award_step, {"step": "decide"}, name="award_decide"),
    path("awards/<int:pk>/pay/", views.award_step, {"step": "pay"}, name="award_pay"),
    path("judging/", views.judging, name="judging"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/quiz/", views.round_step, {"step": "quiz"}, name="round_quiz"),
    path("brands/", views.brands, name="brands"),
    path("brands/new/", views.brand_new, name="brand_new"),
    path("brands/<int:pk>/", views.brand_detail, name="brand"),
    path("honours/", views.honours, name="honours"),
    path("honours/new/", views.honour_new, name="honour_new"),
    path("board/", views.board_mine, name="board_mine"),
    path("board/<int:pk>/", views.board, name="board"),
]
