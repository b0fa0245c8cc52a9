"""The Gazetteer: every name and inflected form of a place or actor -> its id, and the mentions in a text."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from app.gazetteer import cache as disk_cache
from app.gazetteer.automaton import (
    Candidates, KeyTable, Scan, arabic_affixed, choose_longest, latin_affixed,
)
from app.gazetteer.boundaries import affixed_one_by_one
from app.gazetteer.descriptions import Descriptions
from app.gazetteer.morphology import BLOCK as _BLOCK, Entry, _lower, _norm, _Rules
from app.gazetteer.names import (
    ACTORS_PATH, FEATURES_PATH, NAMES_PATH, ROOT, NameTable, data_paths, load_records,
)
from app.gazetteer.resolve import Resolver, context_from_notes, context_of, periods_of
from app.text import normalise

__all__ = ["Mention", "Gazetteer", "ROOT", "NAMES_PATH", "FEATURES_PATH", "ACTORS_PATH"]

Span = tuple[int, int, "str | None", str, "tuple[str, ...] | None"]


@dataclass(frozen=True)
class Mention:
    """One mention of a place or actor in a text.

    ``start``/``end`` are offsets in the ORIGINAL text and ``text`` is
    ``original[start:end]``: the name with its inflectional ending (Natos,
    Армении, ارمنستان‌ها) and a written Arabic article (بالناتو -> الناتو) but
    without Arabic clitics (وأذربيجان -> أذربيجان) or a compound's head
    (Natodelegation -> Nato). ``id`` is None when the name is
    ambiguous; then ``ambiguous`` holds the candidate ids.
    """

    start: int
    end: int
    text: str
    id: str | None
    kind: str
    ambiguous: tuple[str, ...] | None = None


class Gazetteer:
    """Names and forms of all features and actors, and the matcher over them.

    Build with :meth:`load` (cached per set of paths) or directly from records
    with ``Gazetteer(names, features, actors)`` where each is a ``{id: record}``
    mapping as in ``docs/DATA.md``.

    Names come from ``geodata/curated/names.json`` (display names and aliases per
    language, base forms only), from the ``names``/``name`` of the built layers
    (``geodata/features.geojson``) and from ``geodata/curated/actors.json``
    (:mod:`app.gazetteer.names`); :mod:`app.gazetteer.morphology` adds the
    inflected forms by rule.

    How matching works
    ------------------
    1. The text is normalised once (:func:`app.text.normalise`: letter variants,
       diacritics, ZWNJ...) and lower-cased character by character, so offsets map
       back to the original through :meth:`Normalised.span`.
    2. Every alias is normalised the same way (with its hyphen/space/ZWNJ variants)
       and put into one Aho–Corasick automaton (``ahocorasick_rs``); one pass over
       the text finds every candidate.
    3. Each candidate must sit on word boundaries, except for the affixes a
       language really uses:

       * Arabic script: clitics and the article before the name (و ف ب ك ل ال لل:
         وأذربيجان، بأرمينيا، للناتو، الناتو; the span keeps a written article, الناتو
         and بالناتو give "الناتو", and drops the clitics), nisba/plural/pronoun endings after it
         (ي ية يون ين ...), Persian endings (ی، ها، های، ای، ان ... with or without a
         ZWNJ: آذربایجانی، ارمنستان‌ها). A name ending in ``يا``/``یه`` also matches
         its nisba stem (روسيا -> الروسية، روسیه -> روسی).
       * Latin script: English ``s``/``n``/``an``/``ian``/``i`` (Armenians, Iranian,
         Azerbaijani; ``'s`` needs no rule), Swedish definite and genitive endings
         (Natos, Rysslands, Lachinkorridoren) and compounds with a known Swedish or
         German head noun (Natodelegation, Natochefen), German ``s``/``isch...``
         (Aserbaidschans), French ``n``/``ne``/``nne`` (after ``l'``/``d'``, which
         are boundaries), Turkish/Azerbaijani case endings (Naxçıvanda,
         Azərbaycanın; ``'`` is a boundary). The Swedish/German/French/Turkish sets
         are used when the language is that one (or unknown).
       * Cyrillic: Russian case endings on the stem (Армении, Азербайджаном,
         Нахичевани); Armenian: case endings (Հայաստանի, Հայաստանում).

       Anything else glued to a name rejects the candidate: "Armeniaca", "Bakuriani",
       "Tirane", "ایرانشهر" are not mentions.
    4. Case: a Latin/Cyrillic/Armenian alias written with a capital only matches a
       capitalised word ("Turkey", not "turkey"); acronyms of up to three letters
       (EU, US, UK) only match in capitals.
    5. Overlaps: the longest name wins (Nagorno-Karabakh over Karabakh, Lachin
       corridor over Lachin, Kaspiska havet as a whole), then the leftmost.
    6. A form shared by several ids (Astara) is resolved from the other mentions in
       the same sentence, then the same paragraph: a candidate scores two points for
       each co-mentioned id that is itself, contains it or shares its country
       (taken from the layers' geometry and ``host``) or that its names entry
       lists under ``context``, and one point for an id named in its own display
       names or notes ("Astara (Iran)", "the Rasht–Astara railway ends here").
       A unique best candidate wins. Before context, when the document's date is
       known (``find(..., doc_date=)``), the one candidate whose status periods
       (``periods`` of features.json/actors.json) cover that date wins: a bare
       "Aliyev" in a 1998 text is Heydar, in a 2023 text Ilham. Failing that, a
       candidate that the document names unambiguously elsewhere ("Ilham Aliyev"
       ... "Aliyev"), then the one curated as ``"preferred": true`` in names.json
       (Nakhchivan the region over the city). Otherwise the mention gets
       ``id=None`` and ``ambiguous=(the candidates)``: never a silent guess.
    7. Phrases listed under a names entry's ``exclude`` (East Azerbaijan for
       azerbaijan) match as a whole and yield no mention; aliases listed under
       ``case_sensitive`` (and all-capital aliases of up to three letters: EU, US)
       match only with exactly that spelling.

    Speed: the automaton's hits are handled as numpy columns: a hit with no word
    character glued to it (or an Arabic-script clitic/ending from the lists above,
    compared as integer keys) is decided for all hits at once; only the other
    affixes, exact spellings and overlapping names are looked at one by one in
    Python, and shared names are resolved one by one.
    """

    _cache: dict = {}
    _cache_lock = threading.Lock()

    def __init__(self, names: dict | None = None, features: dict | None = None,
                 actors: dict | None = None, descriptions: dict | None = None):
        self.rules = _Rules.get()
        self._descriptions = Descriptions(descriptions, self.rules)
        names = names or {}
        features = features or {}
        actors = actors or {}
        self._kind: dict[str, str] = {}
        for fid in features:
            self._kind[fid] = "place"
        for aid in actors:
            self._kind.setdefault(aid, "actor")
        self._has_features = bool(features)
        table = NameTable(self.rules, names, features, actors, self._descriptions.as_names())
        self._forms: dict[str, list[Entry]] = table.forms
        self._display = table.display
        self._keys = KeyTable(self._forms, self.rules)   # de-duplicates _forms in place
        self._ids = sorted({e.id for es in self._forms.values() for e in es if e.id != _BLOCK})
        # strong context: geometry, host, names.json "context"; weak: the ids
        # named in an entry's own display names and notes (weight 1 instead of 2)
        weak = context_from_notes(
            self._forms, lambda t: self.find(t, _case=False, _resolve=False),
            names, features, actors)
        self._resolver = Resolver(periods_of(features, actors), context_of(names, features),
                                  weak, table.preferred)

    @classmethod
    def load(cls, names_path=None, features_path=None, actors_path=None,
             descriptions_path=None) -> "Gazetteer":
        """Load the repository's names, layers, actors and descriptions (or the given files); cached.

        ``features_path`` may be the built ``features.geojson`` or the curated
        ``features.json``; by default the first that exists. Missing files count
        as empty. The cache key includes the files' modification times, so an
        edited names file is picked up. The built gazetteer is also kept on disk
        (:mod:`app.gazetteer.cache`, keyed by the files and the code), so a new
        process loads it instead of building it again.
        """
        paths, key = data_paths(names_path, features_path, actors_path, descriptions_path)
        with cls._cache_lock:
            if key in cls._cache:
                return cls._cache[key]
        on_disk = disk_cache.cache_file(key)
        gaz = disk_cache.load(on_disk)
        if not isinstance(gaz, cls):
            gaz = cls(*load_records(paths))
            disk_cache.store(on_disk, gaz)
        with cls._cache_lock:
            cls._cache[key] = gaz
        return gaz

    # ------------------------------------------------------------------ queries

    @property
    def ids(self) -> list[str]:
        """All ids that have at least one name."""
        return list(self._ids)

    def kind_of(self, id) -> str:
        """'place' for ids with geometry in the layers, 'actor' otherwise.

        Without any layers loaded, ids of ``actors.json`` are actors and all
        others places.
        """
        if id in self._kind:
            return self._kind[id]
        return "actor" if self._has_features else "place"

    def display_name(self, id) -> str:
        """English display name of an id (the id itself when unknown)."""
        return self._display.get(id, id)

    def forms(self, id) -> list[str]:
        """The normalised forms (keys) that map to ``id`` (for inspection and tests)."""
        return sorted(k for k, es in self._forms.items() if any(e.id == id for e in es))

    def lookup(self, query: str) -> list[str]:
        """Ids whose names match ``query`` (any script, any inflection), best first.

        Order: exact name; the names found in the query by :meth:`find`; names
        starting with the query; then close spellings (rapidfuzz, score >= 85).
        """
        if not query or not query.strip():
            return []
        q = _norm(" ".join(query.split()))
        out: list[str] = []

        def add(ids):
            for i in ids:
                if i not in out:
                    out.append(i)

        add(e.id for e in self._forms.get(q, ()) if e.id != _BLOCK)
        for m in self.find(query, norm=None, _case=False):
            add([m.id] if m.id else list(m.ambiguous or ()))
        if len(q) >= 2:
            add(e.id for k in sorted(self._forms, key=len) if k.startswith(q)
                for e in self._forms[k] if e.id != _BLOCK)
        if len(q) >= 4:
            try:
                from rapidfuzz import fuzz, process
                hits = process.extract(q, list(self._forms), scorer=fuzz.ratio,
                                       score_cutoff=85, limit=10)
                add(e.id for k, _s, _i in hits for e in self._forms[k] if e.id != _BLOCK)
            except ImportError:  # pragma: no cover - rapidfuzz is pinned
                pass
        return out

    # ------------------------------------------------------------------ matching

    def find(self, text: str, lang: str | None = None, norm=None, doc_date: str | None = None,
             _case: bool = True, _resolve: bool = True) -> list[Mention]:
        """All mentions of places and actors in ``text``, in text order.

        ``lang`` (ISO 639-1, the document's language) selects the Swedish,
        German, French or Turkish/Azerbaijani endings for Latin names (English
        ones always apply; any other language gets only those); ``None``
        allows all. ``norm`` is ``app.text.normalise(text)`` if already computed.
        ``doc_date`` (``YYYY[-MM[-DD]]``, the document's date) lets a shared name
        go to the one candidate whose status periods cover that date (the
        president in office for a bare "Aliyev").
        """
        if not text or not self._forms:
            return []
        if norm is None or (norm.original is not text and norm.original != text):
            norm = normalise(text)
        orig = norm.original
        return [Mention(s, e, orig[s:e], fid, kind, amb)
                for s, e, fid, kind, amb in self.find_spans(text, lang, norm, doc_date,
                                                            _case, _resolve)]

    def find_spans(self, text: str, lang: str | None = None, norm=None,
                   doc_date: str | None = None, _case: bool = True, _resolve: bool = True
                   ) -> list[Span]:
        """:meth:`find` as plain tuples ``(start, end, id, kind, ambiguous)``.

        The same mentions in the same order, without building :class:`Mention`
        objects or surface strings (``text[start:end]`` is the surface): the
        annotator's fast path, where the seeds hold ~15,000 mentions per MB.
        """
        if not text or not self._forms:
            return []
        if norm is None or (norm.original is not text and norm.original != text):
            norm = normalise(text)
        nt = _lower(norm.text)
        keys = self._keys
        sc = Scan(keys, nt, norm.original, norm.offsets, _case)
        cands = Candidates()
        fi = np.flatnonzero(sc.fast)
        cands.add(sc.k_start[fi], sc.k_end[fi], sc.k_idx[fi], sc.k_len[fi], sc.k_end[fi])
        slow_mask = arabic_affixed(keys, sc, cands)
        latin_affixed(keys, sc, lang, _case, slow_mask, cands)
        slow_entries = affixed_one_by_one(keys, sc, slow_mask, lang, norm, _case, cands)
        chosen = choose_longest(cands, sc.n)
        m_s, m_e, m_ids = self._chosen_ids(cands, chosen, slow_entries)
        if _resolve:
            fids, ambs = self._resolver.resolve(nt, m_s, m_ids, doc_date)
            fids = self._descriptions.relink(nt, m_s, m_e, fids, lang, doc_date,
                                             self._resolver.periods)
        else:
            fids = [ids[0] if len(ids) == 1 else None for ids in m_ids]
            ambs = {i: tuple(ids) for i, ids in enumerate(m_ids) if len(ids) > 1}
        starts, ends = norm.spans(m_s, m_e)
        kind = self._kind.get                    # = self.kind_of
        other = "actor" if self._has_features else "place"
        if not ambs:
            return [(os_, oe, fid, kind(fid, other), None)
                    for os_, oe, fid in zip(starts, ends, fids)]
        return [(os_, oe, fid, kind(fid if fid else ids[0], other), ambs.get(i))
                for i, (os_, oe, fid, ids) in enumerate(zip(starts, ends, fids, m_ids))]

    def _chosen_ids(self, cands: Candidates, chosen: "np.ndarray",
                    slow_entries: list[tuple[Entry, ...]]
                    ) -> tuple[list[int], list[int], list[list[str]]]:
        """Starts, ends (in the normalised text) and candidate ids of the chosen mentions.

        Parallel lists, not a tuple per mention that the garbage collector
        would have to walk; blocking phrases (no ids) are dropped.
        """
        ids_by_src = self._keys.k_src_ids
        src_list = cands.src[chosen].tolist()
        if slow_entries:
            slow_ids: dict[tuple, list[str]] = {}  # entries tuples repeat: ids once each
            ids_by_src = list(ids_by_src)
            for entries in reversed(slow_entries):  # src -1, -2, ... index from the end
                ids = slow_ids.get(entries)
                if ids is None:
                    ids = slow_ids[entries] = list(
                        dict.fromkeys(en.id for en in entries if en.id != _BLOCK))
                ids_by_src.append(ids)
        m_s = cands.start[chosen].tolist()
        m_e = cands.end[chosen].tolist()
        m_ids = [ids_by_src[src] for src in src_list]
        if not all(m_ids):                     # blocking phrases: no mention
            keep_i = [i for i, ids in enumerate(m_ids) if ids]
            m_s = [m_s[i] for i in keep_i]
            m_e = [m_e[i] for i in keep_i]
            m_ids = [m_ids[i] for i in keep_i]
        return m_s, m_e, m_ids
