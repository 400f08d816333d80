from django.dispatch import Signal

# Sent after commit whenever a learner's top-level result for an activity is recorded.
# Keyword arguments: ``learner`` (User) and ``activity_id`` (int).
result_recorded = Signal()
