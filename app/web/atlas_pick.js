/* Which drawn features lie under a click: pure functions over pixel coordinates, no DOM (tested with
 * `node --test app/web/tests/`).
 *
 * Lines that share a route (the South Caucasus gas pipeline is laid beside the BTC oil pipeline) or meet
 * (a corridor and a railway) are drawn one over the other, and a click opens only the one on top.  The
 * map (app/web/atlas_map.js, near) projects the shown lines and points, asks near() which lie within a
 * few pixels of the click, and the host offers the others beside the card it opened.
 * A shape is {id, lines: [[[x, y], ...], ...], points: [[x, y], ...]} in pixels.
 */
(function (root, factory) {
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; }
  else { root.AtlasPick = api; }
})(typeof window !== 'undefined' ? window : globalThis, function () {
  'use strict';

  /** Distance in pixels from point p to the segment a–b. */
  function segmentDistance(p, a, b) {
    var dx = b[0] - a[0], dy = b[1] - a[1], len = dx * dx + dy * dy;
    var t = len ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len : 0;
    t = Math.max(0, Math.min(1, t));
    return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
  }

  /** The shortest distance in pixels from point p to a shape (Infinity for an empty one). */
  function distance(p, shape) {
    var best = Infinity;
    (shape.lines || []).forEach(function (line) {
      if (line.length === 1) { best = Math.min(best, Math.hypot(p[0] - line[0][0], p[1] - line[0][1])); }
      for (var k = 1; k < line.length; k++) { best = Math.min(best, segmentDistance(p, line[k - 1], line[k])); }
    });
    (shape.points || []).forEach(function (q) { best = Math.min(best, Math.hypot(p[0] - q[0], p[1] - q[1])); });
    return best;
  }

  /** The ids of the shapes within ``tolerance`` pixels of p, nearest first (a tie keeps the given order);
   *  each id once. */
  function near(p, shapes, tolerance) {
    var hits = [];
    shapes.forEach(function (s, k) {
      var d = distance(p, s);
      if (d <= tolerance) { hits.push({id: s.id, d: d, k: k}); }
    });
    hits.sort(function (a, b) { return a.d - b.d || a.k - b.k; });
    var seen = {};
    return hits.filter(function (h) { return seen[h.id] ? false : (seen[h.id] = true); })
      .map(function (h) { return h.id; });
  }

  return {near: near, distance: distance, segmentDistance: segmentDistance};
});
