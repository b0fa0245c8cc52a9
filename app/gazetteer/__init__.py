"""Names -> ids: the gazetteer of places and actors and the mentions it finds in a text.

names.py reads names, aliases and exclusions from geodata/; morphology.py makes the
forms and affixes each script allows; automaton.py finds every form in one pass and
decides most hits with numpy; boundaries.py checks the rest one by one; resolve.py
picks one id for a shared name; matcher.py is the Gazetteer that ties them together.
May import ``app.text`` only.
"""
from app.gazetteer.matcher import *  # noqa: F401,F403
from app.gazetteer.matcher import __all__  # noqa: F401
