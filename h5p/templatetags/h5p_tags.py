from django import template

from h5p.player import player_config

register = template.Library()


@register.simple_tag(takes_context=True)
def h5p_player_config(context, activity):
    """The URLs one player instance needs, for ``templates/h5p/includes/player.html``."""
    return player_config(request=context.get("request"), activity=activity)
