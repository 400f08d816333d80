"""Signals that courses sends, for upper layers (certificates, organisations) to listen to."""

from django.dispatch import Signal

# Sent after the transaction that completed an enrollment has committed. kwargs: enrollment.
course_completed = Signal()
