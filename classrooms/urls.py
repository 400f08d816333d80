from django.urls import path

from classrooms.views import pupil, teacher

app_name = "classrooms"

urlpatterns = [
    # Pupils
    path("meedoen/", pupil.join, name="join"),
    path("meedoen/<str:code>/", pupil.join, name="join_with_code"),
    path("welkom/", pupil.welcome, name="welcome"),
    path("terug/", pupil.code_login, name="code_login"),
    path("mijn-lessen/", pupil.pupil_home, name="pupil_home"),
    path("hulp/", pupil.help_page, name="help"),
    path("gestopt/", pupil.stopped, name="stopped"),
    path("vraag/", pupil.poll, name="poll"),
    # Teachers
    path("", teacher.class_list, name="class_list"),
    path("<int:class_id>/", teacher.class_detail, name="class_detail"),
    path("<int:class_id>/nieuwe-code/", teacher.class_code_rotate, name="class_code_rotate"),
    path("<int:class_id>/meedoen/", teacher.class_joining, name="class_joining"),
    path("<int:class_id>/cursussen/", teacher.class_course_assign, name="class_course_assign"),
    path(
        "<int:class_id>/cursussen/<int:course_id>/weghalen/",
        teacher.class_course_unassign,
        name="class_course_unassign",
    ),
    path("<int:class_id>/voortgang/", teacher.class_progress, name="class_progress"),
    path("<int:class_id>/activiteiten/<int:activity_id>/", teacher.class_activity, name="class_activity"),
    path("<int:class_id>/kaart/", teacher.class_card, name="class_card"),
    path("<int:class_id>/codestrookjes/", teacher.class_slips, name="class_slips"),
    path("<int:class_id>/archiveren/", teacher.class_archive, name="class_archive"),
    path("<int:class_id>/verwijderen/", teacher.class_delete, name="class_delete"),
    path("<int:class_id>/leerlingen/<int:pupil_id>/", teacher.pupil_manage, name="pupil_manage"),
    path("<int:class_id>/leerlingen/<int:pupil_id>/verwijderen/", teacher.pupil_delete, name="pupil_delete"),
    path("<int:class_id>/bijnamen/toestaan/", teacher.nickname_allow, name="nickname_allow"),
    path("<int:class_id>/les/<int:lesson_id>/projector/", teacher.projector, name="projector"),
    path("<int:class_id>/les/<int:lesson_id>/vraag/", teacher.projector_poll, name="projector_poll"),
    path("<int:class_id>/vragen/<int:poll_id>/", teacher.poll_status, name="poll_status"),
]
