"""Short event titles: one place instead of a list, no asides, at most 60 characters, on the real events."""
from __future__ import annotations

from app.classroom.event_titles import LIMIT, short_title


def test_lists_become_one_place_and_asides_go():
    long = {"title": "Ceasefire or agreement: Zangezur corridor, Lachin corridor, Russian peacekeeping "
                     "contingent and 5 more"}
    assert short_title(long) == "Ceasefire or agreement: Zangezur corridor and others"
    assert short_title({"title": "Lachin corridor: Blockaded (protesters on the road near Shusha)"}) == \
        "Lachin corridor: Blockaded"
    assert short_title({"title": "Nagorno-Karabakh: Part of Azerbaijan; the de facto republic is dissolved"}) == \
        "Nagorno-Karabakh: Part of Azerbaijan"
    assert short_title({"title": "Fighting: Baku and Yerevan"}) == "Fighting: Baku and Yerevan"
    # a feature's own label keeps its commas
    assert short_title({"title": "Syunik: Zangezur, part of the Armenian SSR"}) == \
        "Syunik: Zangezur, part of the Armenian SSR"
    cut = short_title({"title": "Russian–Turkish Joint Monitoring Center: a very long label that goes on and on and on"})
    assert len(cut) <= LIMIT and cut.endswith("…") and not cut.endswith(" …")


def test_every_real_event_gets_a_short_title():
    from tests.test_events import _real_events
    events = _real_events()
    shorts = [short_title(e) for e in events]
    assert all(0 < len(s) <= LIMIT for s in shorts)
    assert not [s for s in shorts if " more" in s]


def test_an_event_the_documents_alone_give_is_said_as_what_they_report():
    """The map's date line read "Ceasefire or agreement: Moscow, Azerbaijan and Russia" like a log line."""
    from app.classroom.event_titles import reported_title
    assert reported_title({"title": "Ceasefire or agreement: Moscow, Azerbaijan and Russia"}) == \
        "documents report a ceasefire or agreement (Moscow, Azerbaijan and Russia)"
    assert reported_title({"title": "Fighting: Baku"}) == "documents report fighting (Baku)"
    # a feature's own label stays as it is
    assert reported_title({"title": "Lachin corridor: Blockaded (protesters)"}) == "Lachin corridor: Blockaded"
