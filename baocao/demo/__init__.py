"""Demo data, never needed in production.

``load`` (with ``sample``, ``registers`` and ``reorganisation``) builds Thái Bình's unit tree,
the Sở TT&TT monthly regime, the users and the sample report (``baocao demo``); ``synthetic``
generates a province or a nation at scale (``baocao gen-demo``, ``bench/analytics.py``).
"""
