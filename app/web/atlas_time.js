/* Time for the atlas map: pure functions, no DOM, no Leaflet (tested with `node --test app/web/tests/`).
 *
 * A day is an ISO string "YYYY-MM-DD".  A period is {start, end, status, label, present} as in
 * geodata/features.geojson; a bound "YYYY" or "YYYY-MM" begins on the first day of that year or month,
 * null is open-ended, and a period covers [start, end).  If periods overlap, the one that started
 * last wins (the same rule as app/atlas/layers.py state_on).
 */
(function (root, factory) {
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; }
  else { root.AtlasTime = api; }
})(typeof window !== 'undefined' ? window : globalThis, function () {
  'use strict';

  var ISO = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/;
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  function pad(n, w) { var s = String(n); while (s.length < w) { s = '0' + s; } return s; }

  function fromUTC(t) {
    var d = new Date(t);
    return pad(d.getUTCFullYear(), 4) + '-' + pad(d.getUTCMonth() + 1, 2) + '-' + pad(d.getUTCDate(), 2);
  }

  function toUTC(day) {
    return Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10));
  }

  /** "YYYY", "YYYY-MM" or "YYYY-MM-DD" -> the first day it names ("YYYY-MM-DD"), or null if it is not
   *  such a date (an impossible day such as 2023-02-30 is null too). */
  function parseDay(text) {
    if (typeof text !== 'string') { return null; }
    var m = ISO.exec(text.trim());
    if (!m) { return null; }
    var y = +m[1], mo = m[2] ? +m[2] : 1, d = m[3] ? +m[3] : 1;
    if (mo < 1 || mo > 12 || d < 1) { return null; }
    var day = pad(y, 4) + '-' + pad(mo, 2) + '-' + pad(d, 2);
    return fromUTC(Date.UTC(y, mo - 1, d)) === day ? day : null;
  }

  function addDays(day, n) { return fromUTC(toUTC(day) + n * 86400000); }

  /** ``n`` months later (or earlier), the day clamped to the month's length (31 Jan + 1 -> 28/29 Feb). */
  function addMonths(day, n) {
    var y = +day.slice(0, 4), m = +day.slice(5, 7) - 1 + n, d = +day.slice(8, 10);
    var yy = y + Math.floor(m / 12), mm = ((m % 12) + 12) % 12;
    var last = new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate();
    return fromUTC(Date.UTC(yy, mm, Math.min(d, last)));
  }

  /** Days since 1970-01-01 (a number for sliders) and back. */
  function dayNumber(day) { return Math.round(toUTC(day) / 86400000); }
  function numberDay(n) { return fromUTC(n * 86400000); }

  function clampDay(day, lo, hi) { return day < lo ? lo : (day > hi ? hi : day); }

  /** "12 Dec 2022" */
  function formatDay(day) {
    return (+day.slice(8, 10)) + ' ' + MONTHS[+day.slice(5, 7) - 1] + ' ' + day.slice(0, 4);
  }

  var MONTH_WORDS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
                     'october', 'november', 'december'];

  /** A date as people write it ("20 Sep 2023", "20 September 2023", "Sep 2023", "September 20, 2023", or
   *  ISO as parseDay) -> the first day it names, or null. Month names in English, whole or cut to three
   *  letters or more ("Sept"). */
  function parseWords(text) {
    if (typeof text !== 'string') { return null; }
    var iso = parseDay(text);
    if (iso) { return iso; }
    var t = text.trim().toLowerCase().replace(/[.,]/g, ' ').replace(/\s+/g, ' ');
    var m = /^(?:(\d{1,2}) )?([a-z]{3,9}) (?:(\d{1,2}) )?(\d{4})$/.exec(t);
    if (!m || (m[1] && m[3])) { return null; }
    var mo = -1;
    MONTH_WORDS.forEach(function (w, i) { if (mo < 0 && w.indexOf(m[2]) === 0) { mo = i; } });
    if (mo < 0) { return null; }
    var d = m[1] || m[3];
    return parseDay(m[4] + '-' + pad(mo + 1, 2) + (d ? '-' + pad(+d, 2) : ''));
  }

  /** How precise a date string of the data is: 'year' ("1992"), 'month' ("1990-03") or 'day'. */
  function precisionOf(value) {
    var n = String(value || '').trim().length;
    return n === 4 ? 'year' : (n === 7 ? 'month' : 'day');
  }

  var FINER = {year: 0, month: 1, day: 2};

  /** ``day`` said to the precision it is known to: "1992", "Mar 1990" or "12 Dec 2022". */
  function formatPrecise(day, precision) {
    if (precision === 'year') { return day.slice(0, 4); }
    if (precision === 'month') { return MONTHS[+day.slice(5, 7) - 1] + ' ' + day.slice(0, 4); }
    return formatDay(day);
  }

  function bound(value) { return value === null || value === undefined || value === '' ? null : parseDay(value); }

  /** The period covering ``day`` ([start, end)), with ``present`` filled in, or null. */
  function stateOn(periods, day) {
    var best = null, bestStart = null;
    (periods || []).forEach(function (p) {
      var s = bound(p.start), e = bound(p.end);
      if ((s === null || s <= day) && (e === null || day < e)) {
        var key = s || '0000-00-00';
        if (best === null || key >= bestStart) { best = p; bestStart = key; }
      }
    });
    if (best === null) { return null; }
    var out = {};
    Object.keys(best).forEach(function (k) { out[k] = best[k]; });
    out.present = best.present === undefined ? true : !!best.present;
    return out;
  }

  /** The index in ``f.geometries`` of the geometry drawn on ``day`` (a re-routed road), or -1 for ``f.geometry``. */
  function geometryOn(f, day) {
    var tagged = (f.geometries || []).map(function (g, i) { return {start: g.start, end: g.end, index: i}; });
    var hit = stateOn(tagged, day);
    return hit ? hit.index : -1;
  }

  /** A short key of a state: '' (not drawn), 'status' or 'status~gone'. */
  function stateKey(state) {
    if (!state) { return ''; }
    return state.status + (state.present ? '' : '~gone');
  }

  /** What makes two states differ for "what changed": status, presence and the period's label. */
  function changeKey(state) { return state ? stateKey(state) + '|' + (state.label || '') : ''; }

  /** Words for a state: "blockaded", "withdrawn (drawn faded)", "not on the map" (the legend's words). */
  function stateWords(state) {
    if (!state) { return 'not on the map'; }
    var w = String(state.label || state.status || '').replace(/_/g, ' ');
    return w + (state.present ? '' : ' (drawn faded)');
  }

  /** Every date on which a feature changes state (status, presence or label) or a dated event happens, oldest first:
   *  [{date, changes: [{id, name, layer, from, to, moved, precision}], events: [title], eventPrecision: [...]}]
   *  (``precision``: how the data wrote that bound, 'year', 'month' or 'day'; see saidPrecision).
   *  ``features`` are {id, name, layer, periods}; ``events`` are {date, title} (any ISO precision). */
  function changeList(features, events) {
    var byDate = {};
    function at(date) {
      if (!byDate[date]) { byDate[date] = {date: date, changes: [], events: [], eventPrecision: []}; }
      return byDate[date];
    }
    (features || []).forEach(function (f) {
      var seen = {};
      (f.periods || []).concat(f.geometries || []).forEach(function (p) {
        [p.start, p.end].forEach(function (raw) {
          var d = bound(raw);
          if (d === null || seen[d]) { return; }
          seen[d] = true;
          var before = stateOn(f.periods, addDays(d, -1)), after = stateOn(f.periods, d);
          var moved = !!after && geometryOn(f, addDays(d, -1)) !== geometryOn(f, d);
          if (changeKey(before) !== changeKey(after) || moved) {
            at(d).changes.push({id: f.id, name: f.name, layer: f.layer, from: before, to: after, moved: moved,
                                precision: precisionOf(raw)});
          }
        });
      });
    });
    (events || []).forEach(function (e) {
      var d = bound(e.date);
      if (d) { at(d).events.push(e.title); at(d).eventPrecision.push(precisionOf(e.date)); }
    });
    return Object.keys(byDate).sort().map(function (d) { return byDate[d]; });
  }

  /** How precisely an entry's date is known: the finest precision of what it says (its changes, as the data
   *  wrote their bounds, and its events); a hidden layer's changes are not in a visible part. */
  function saidPrecision(entry) {
    return (entry.changes || []).map(function (c) { return c.precision || 'day'; })
      .concat(entry.eventPrecision || []).reduce(function (a, b) { return FINER[b] > FINER[a] ? b : a; }, 'year');
  }

  /** The part of a change-list entry that counts for ``visible(layer)`` (null when nothing does). */
  function visiblePart(entry, visible) {
    var changes = entry.changes.filter(function (c) { return !visible || visible(c.layer); });
    if (!changes.length && !entry.events.length) { return null; }
    return {date: entry.date, changes: changes, events: entry.events, eventPrecision: entry.eventPrecision};
  }

  /** The first change strictly after ``day`` (visible layers only), or null. */
  function nextChange(list, day, visible) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].date > day) {
        var part = visiblePart(list[i], visible);
        if (part) { return part; }
      }
    }
    return null;
  }

  /** The last change strictly before ``day`` (visible layers only), or null. */
  function previousChange(list, day, visible) {
    for (var i = list.length - 1; i >= 0; i--) {
      if (list[i].date < day) {
        var part = visiblePart(list[i], visible);
        if (part) { return part; }
      }
    }
    return null;
  }

  /** One line saying what changed: "12 Dec 2022: Lachin corridor: open → blockaded; Blockade begins" (a date
   *  the data knows only to the month or year said so: "Mar 1990", "1992"); a feature
   *  that appears says what it is ("EUMA: deployed"), one that goes says so ("… no longer drawn"). */
  function describe(entry, limit) {
    limit = limit || 4;
    var bits = entry.changes.map(function (c) {
      if (c.moved && changeKey(c.from) === changeKey(c.to)) { return c.name + ' drawn on its new route'; }
      if (!c.from) { return c.name + ': ' + stateWords(c.to); }
      if (!c.to) { return c.name + ' no longer drawn'; }
      return c.name + ': ' + stateWords(c.from) + ' → ' + stateWords(c.to);
    }).concat(entry.events);
    var more = bits.length > limit ? ' and ' + (bits.length - limit) + ' more' : '';
    return formatPrecise(entry.date, saidPrecision(entry)) + ': ' + bits.slice(0, limit).join('; ') + more;
  }

  /** The change entries in (from, to] (to play through and hold on). */
  function changesBetween(list, from, to, visible) {
    var out = [];
    list.forEach(function (e) {
      if (e.date > from && e.date <= to) {
        var part = visiblePart(e, visible);
        if (part) { out.push(part); }
      }
    });
    return out;
  }

  return {
    parseDay: parseDay, parseWords: parseWords, formatPrecise: formatPrecise, saidPrecision: saidPrecision,
    addDays: addDays, addMonths: addMonths, dayNumber: dayNumber,
    numberDay: numberDay, clampDay: clampDay, formatDay: formatDay, stateOn: stateOn, geometryOn: geometryOn,
    stateKey: stateKey, changeKey: changeKey, stateWords: stateWords, changeList: changeList, nextChange: nextChange,
    previousChange: previousChange, describe: describe, changesBetween: changesBetween
  };
});
