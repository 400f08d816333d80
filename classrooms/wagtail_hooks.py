from django.utils.translation import gettext as _
from wagtail import hooks

from classrooms import audit, selectors


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, formatter_class in audit.ACTIONS.items():
        actions.register_action(action)(formatter_class)


@hooks.register("h5p_learner_labels")
def h5p_learner_labels(*, learner_ids):
    """Pupils have no name: the H5P results report shows their nickname (never their code)."""
    return {
        user_id: _("%(nickname)s (pupil)") % {"nickname": nickname}
        for user_id, nickname in selectors.pupil_nicknames(learner_ids=learner_ids).items()
    }
