/* Where the map's labels go: pure functions over boxes, no DOM (tested with `node --test app/web/tests/`).
 *
 * The map (app/web/atlas_map.js, declutter) measures every shown label and every point marker once, asks
 * place() where each label goes, then applies the answer.  Rules, in order:
 *  - a town's or a base's label that would run off the right edge starts on the left of its point;
 *  - each label has a few places: a town's or a base's label either side of its point, then either side
 *    half a line up or down; a line's label (corridor, railway, pipeline) just above or below its middle
 *    (centred on it, then ending or starting there), across it, or a line further up or down; an area's label (country, region, sea, water) where it is or one line up or
 *    down.  Labels come in priority order,
 *    highest first; each takes the first of its places that is free (not cut by the map's edge, not over
 *    a label already placed, nor under the map's controls) and covers no other feature's marker.  Failing
 *    that, an area's name takes its first free place even over a marker; a town's, base's or line's name is
 *    hidden (beside another feature's dot it would seem to name that dot), as is any label with no free place.
 *  - a name already shown is not shown again (the Lachin corridor's line and its strip were both named
 *    "Lachin corridor"): the one of higher priority stays.
 * A box is {left, top, right, bottom} in pixels.
 */
(function (root, factory) {
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; }
  else { root.AtlasLabels = api; }
})(typeof window !== 'undefined' ? window : globalThis, function () {
  'use strict';

  /** Gap in pixels between a point and its label (atlas_map.css: translate(7px) for towns, 10px for bases). */
  var GAP = {place: 7, base: 10, mission: 10};
  /** Kinds named beside a point on their line (app/atlas/mapdata.py label_point: the middle of the line). */
  var LINE = {corridor: 1, railway: 1, pipeline: 1};
  /** The first zoom at which a kind is named (others: every zoom). Railways and pipelines run side by side
   *  through Azerbaijan and Georgia: named at the first zoom they stacked into a list between the lines;
   *  the legend keys them until the reader zooms in. */
  var MIN_ZOOM = {railway: 8, pipeline: 8};

  /** True when labels of ``kind`` are shown at ``zoom``. */
  function namedAt(kind, zoom) { return !(MIN_ZOOM.hasOwnProperty(kind) && zoom < MIN_ZOOM[kind]); }

  /** The least size on screen, in pixels (the larger side of its bounding box), at which a piece of held
   *  ground is named: the Gazakh villages (about 1.5 km across) are dots at the first zoom, and their four
   *  names crowded the Gazakh border around the group's own name.  Exclaves are always named. */
  var MIN_AREA_PX = {control: 10};

  /** True when an area of ``group`` drawn ``px`` pixels across is named. */
  function bigEnough(group, px) { return !(MIN_AREA_PX.hasOwnProperty(group) && px < MIN_AREA_PX[group]); }

  function overlaps(a, b) {
    return !(a.right < b.left || a.left > b.right || a.bottom < b.top || a.top > b.bottom);
  }

  function moved(r, dx, dy) {
    return {left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy};
  }

  /** The box of a point's label drawn on the other side of its point. */
  function flipped(r, kind) {
    return moved(r, -(r.right - r.left) - 2 * (GAP[kind] || 0), 0);
  }

  /** True when ``r`` covers a marker of another feature than ``own`` (the label's feature id). */
  function onMarker(r, markers, own) {
    for (var m = 0; m < markers.length; m++) {
      if (markers[m].id !== own && overlaps(r, markers[m])) { return true; }
    }
    return false;
  }

  /**
   * labels: [{box, kind, own, text}] in priority order (highest first); ``kind`` is the feature's kind ('place',
   *         'base', 'mission' label a point; anything else an area); ``own`` the feature's id, whose own
   *         markers do not count; ``text`` the name shown (optional).  A label with an empty box (not drawn)
   *         is left alone.
   * markers: [box with the ``id`` of its feature] of the point markers drawn.
   * frame: the map's box.
   * blocked: [box] that no label may overlap (the map's own controls: zoom, scale, legend, credits).
   * Returns one {flip, dy, hidden} per label: flip puts a point's label on the left of its point, dy moves
   * an area's or a line's label down (or up, if negative) by that many pixels; a line's label may also have
   * dx, moving it right (or left, if negative).
   */
  function place(labels, markers, frame, blocked) {
    var placed = (blocked || []).slice(), named = {};
    var fits = function (r) {   // not cut by the map's edge (wholly outside is fine) and over no placed label
      var outside = r.right < frame.left || r.left > frame.right || r.bottom < frame.top || r.top > frame.bottom;
      var cut = r.left < frame.left || r.right > frame.right || r.top < frame.top || r.bottom > frame.bottom;
      return !(cut && !outside) && !placed.some(function (p) { return overlaps(r, p); });
    };
    return labels.map(function (l) {
      var r = l.box;
      if (!r || r.right <= r.left) { return {flip: false, dy: 0, hidden: false}; }
      var point = GAP.hasOwnProperty(l.kind);
      var first = {flip: false, dy: 0, box: r};
      var said = l.text ? String(l.text).trim() : '';
      if (said && named.hasOwnProperty(said)) { return {flip: false, dy: 0, hidden: true}; }
      if (point && r.right > frame.right && r.left < frame.right) { first = {flip: true, dy: 0, box: flipped(r, l.kind)}; }
      var tries = [first], h = r.bottom - r.top + 2;
      if (point) {
        var other = {flip: !first.flip, dy: 0, box: first.flip ? r : flipped(r, l.kind)};
        if (!first.flip || r.right <= frame.right) { tries.push(other); }
        // then half a line up or down on either side: the name still ends (or starts) at its dot
        var half = Math.round(h * 0.6);
        tries.slice().forEach(function (t) {
          tries.push({flip: t.flip, dy: -half, box: moved(t.box, 0, -half)},
                     {flip: t.flip, dy: half, box: moved(t.box, 0, half)});
        });
      } else if (LINE.hasOwnProperty(l.kind)) {
        // beside the line, not over it: the name's edge a few pixels off the middle point, centred on it or
        // ending (starting) at it; then across it; then a line further off (a short corridor between two towns)
        var off = Math.round((r.bottom - r.top) / 2) + 2;
        var halfWidth = Math.round((r.right - r.left) / 2);
        tries = [[0, -off], [0, off], [-halfWidth, -off], [halfWidth, -off], [-halfWidth, off], [halfWidth, off], [0, 0], [0, -off - h],
                 [0, off + h]].map(function (d) { return {flip: false, dx: d[0], dy: d[1], box: moved(r, d[0], d[1])}; });
      } else {
        tries.push({flip: false, dy: -h, box: moved(r, 0, -h)}, {flip: false, dy: h, box: moved(r, 0, h)});
      }
      // the first place that is free and off other markers; else, for an area's name, the first free one
      // (over a marker rather than hidden); a town's or base's name over another feature's dot would name
      // that dot, so it is hidden instead
      var free = tries.filter(function (t) { return fits(t.box); });
      var clear = free.filter(function (t) { return !onMarker(t.box, markers, l.own); });
      // a line's name over a town's dot would name the dot too: hidden instead
      var best = clear[0] || (point || LINE.hasOwnProperty(l.kind) ? null : free[0]) || null;
      var hidden = !best;
      best = best || first;
      if (!hidden) { placed.push(best.box); if (said) { named[said] = true; } }
      var out = {flip: best.flip, dy: best.dy, hidden: hidden};
      if (best.dx) { out.dx = best.dx; }
      return out;
    });
  }

  return {place: place, overlaps: overlaps, namedAt: namedAt, bigEnough: bigEnough, GAP: GAP, LINE: LINE,
          MIN_ZOOM: MIN_ZOOM, MIN_AREA_PX: MIN_AREA_PX};
});
