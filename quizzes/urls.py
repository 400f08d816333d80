from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("<int:quiz_id>/", views.take, name="take"),
    path("<int:quiz_id>/starten/", views.start, name="start"),
    path("pogingen/<int:attempt_id>/", views.attempt_result, name="attempt_result"),
    path("pogingen/<int:attempt_id>/opslaan/", views.attempt_save, name="attempt_save"),
    path("pogingen/<int:attempt_id>/inleveren/", views.attempt_submit, name="attempt_submit"),
    path("pogingen/<int:attempt_id>/scene/", views.case_answer, name="case_answer"),
]
