/* Hosting the atlas map in Streamlit (inside streamlit-folium's iframe).
 *
 * AtlasHost.start(map, data, options) attaches the renderer and, when streamlit-folium is the host,
 * sends each date stop back to Python as the component value's ``atlas`` entry: {date, years, seq}.
 * AtlasHost.signal(sig) is what Python sends on later runs (through atlas_relay.js when the map has a
 * ``hostKey``, else a tiny script in streamlit-folium's ``feature_group_to_add``, evaluated without
 * rebuilding the map): {date, seq, layers, selected,
 * highlight, counts, fit, bounds}.  A date the server sends is ignored when it answers an older stop than the
 * last one sent (the reader has moved on meanwhile).
 */
(function (root) {
  'use strict';
  var sent = 0;

  function report(day, extra) {
    sent += 1;
    var S = root.Streamlit, g = root.__GLOBAL_DATA__;
    if (!S || !S.setComponentValue) { return; }
    var value = {};
    var prev = (g && g.previous_data) || {};
    Object.keys(prev).forEach(function (k) { value[k] = prev[k]; });
    value.atlas = {date: day, years: extra && extra.years, seq: sent};
    if (g) { g.previous_data = value; }
    S.setComponentValue(value);
  }

  /** Play the map once from one day to another (Present's "Play from the previous step"), then stop there. */
  function playBetween(a, from, to) {
    var c = a.controls;
    c.pause(true);
    c.rangeEnd = function () { return to; };          // this play only: the slider's range stays as it is
    a.setDate(from);
    c.start();
    var watch = function () {
      if (c.playing) { root.requestAnimationFrame(watch); } else { delete c.rangeEnd; }
    };
    root.requestAnimationFrame(watch);
  }

  root.AtlasHost = {
    start: function (map, data, options) {
      options = options || {};
      if (options.host === 'streamlit') { options.onStop = report; }
      var drawn = root.AtlasMap.attach(map, data, options);
      if (options.hostKey) {
        root.__atlasHostKey = options.hostKey;
        var waiting = null;
        try { waiting = root.parent && root.parent !== root && root.parent.__atlasSignals; } catch (e) { waiting = null; }
        if (waiting && waiting[options.hostKey]) { root.AtlasHost.signal(waiting[options.hostKey]); }
      }
      return drawn;
    },
    signal: function (sig) {
      var a = root.atlasMap;
      if (!a || !sig) { return; }
      if (sig.layers) { a.visible = {}; sig.layers.forEach(function (l) { a.visible[l] = true; }); }
      if (sig.counts !== undefined) { a.setCounts(sig.counts); }
      a.selected = sig.selected || null;
      a.highlighted = {};
      (sig.highlight || []).forEach(function (h) { a.highlighted[h] = true; });
      var day = (sig.seq === undefined || sig.seq >= sent) && sig.date ? sig.date : a.day;
      a.setDate(day, true);
      if (sig.bounds) { a.map.fitBounds(sig.bounds, {animate: false}); }
      else if (sig.fit && sig.highlight && sig.highlight.length) { a.fit(sig.highlight); }
      if (sig.play && a.controls) { playBetween(a, sig.play.from, sig.play.to); }
      if (sig.years && a.controls && !a.controls.playing) {
        var y = String(sig.years).split('-');
        if (+y[0] && +y[1]) { a.controls.from = +y[0]; a.controls.to = +y[1]; a.controls._range(); }
      }
    }
  };
})(typeof window !== 'undefined' ? window : globalThis);
