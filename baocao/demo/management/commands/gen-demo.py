"""``baocao gen-demo``: the hyphenated name of ``gen_demo``."""

from baocao.demo.management.commands.gen_demo import Command

__all__ = ["Command"]
