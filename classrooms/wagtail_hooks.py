from wagtail import hooks

from classrooms import audit


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, formatter_class in audit.ACTIONS.items():
        actions.register_action(action)(formatter_class)
