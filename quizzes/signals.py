"""Signals the quizzes engine sends; upper layers (courses) listen, so this app never imports them."""

from django.dispatch import Signal

# Sent after the transaction that graded an attempt commits, with ``attempt=<QuizAttempt>``.
attempt_graded = Signal()
