from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("cursussen/<int:course_id>/inschrijven/", views.enroll, name="enroll"),
    path("cursussen/<int:course_id>/verder/", views.resume, name="resume"),
    path("cursussen/<int:course_id>/afronden/", views.finish, name="finish"),
    path("cursussen/<int:course_id>/lessen/<int:lesson_id>/klaar/", views.complete_lesson, name="lesson_complete"),
]
