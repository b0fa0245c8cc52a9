"""Names -> ids: names and aliases, morphology per script, the automaton, resolving shared names.

May import ``app.text``.
"""
from app.gazetteer.matcher import *  # noqa: F401,F403
from app.gazetteer.matcher import __all__  # noqa: F401
