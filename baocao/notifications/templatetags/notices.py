"""Template tags of notices: the user's notice preference, for the account page's section."""

from __future__ import annotations

from django import template

from baocao.core.actors import Actor
from baocao.notifications.models import Address
from baocao.notifications.services import preference_of

register = template.Library()


@register.simple_tag
def notice_preference(user: Actor) -> dict:
    """Return the user's preference and the forms of address to choose from."""
    return {"preference": preference_of(user), "addresses": Address.choices}
