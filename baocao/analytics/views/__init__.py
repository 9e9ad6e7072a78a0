"""HTML views of the analytics app: thin, each checks the unit and role through a selector."""
