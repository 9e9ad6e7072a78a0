"""``baocao gen-demo``: the hyphenated name of ``gen_demo``."""

from baocao.analytics.management.commands.gen_demo import Command

__all__ = ["Command"]
