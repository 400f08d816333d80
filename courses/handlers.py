"""Courses listens to the activity engines and to Wagtail; the engines never import courses."""

from django.dispatch import receiver
from wagtail.signals import page_published

from courses.models import LessonActivity, LessonPage
from courses.progress import lessons_complete_after_activity_passed
from courses.services import lesson_activities_sync
from h5p.signals import result_recorded
from quizzes.signals import attempt_graded


@receiver(page_published, sender=LessonPage)
def index_lesson_activities(sender, instance, **kwargs):
    lesson_activities_sync(lesson=instance)


@receiver(attempt_graded)
def complete_lessons_after_quiz(sender, attempt, **kwargs):
    if attempt.passed:
        lessons_complete_after_activity_passed(
            learner=attempt.learner, kind=LessonActivity.Kind.QUIZ, activity_id=attempt.quiz_id
        )


@receiver(result_recorded)
def complete_lessons_after_h5p(sender, learner, activity_id, **kwargs):
    lessons_complete_after_activity_passed(learner=learner, kind=LessonActivity.Kind.H5P, activity_id=activity_id)
