/* Styles of the atlas map: pure functions, no DOM (tested with `node --test app/web/tests/`).
 *
 * The palette comes from Python (app/atlas/styles.py palette()): status colours and dashes, per-layer
 * overrides, layer colours, country fills.  These functions turn a feature and its state on a date into
 * a Leaflet path style and the legend's entries, as the folium map of app/atlas/mapview.py drew them.
 */
(function (root, factory) {
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; }
  else { root.AtlasStyle = api; }
})(typeof window !== 'undefined' ? window : globalThis, function () {
  'use strict';

  var GHOST = '#9a9a9a';

  /** [colour, dash or null, legend text] of a status in a layer. */
  function statusEntry(palette, layer, status) {
    status = status || '';
    var o = (palette.layer_status[layer] || {})[status];
    if (o) { return o; }
    if (palette.status[status]) { return palette.status[status]; }
    return [palette.layer_color[layer] || '#555555', null, status.replace(/_/g, ' ')];
  }

  function assign(target, src) { Object.keys(src).forEach(function (k) { target[k] = src[k]; }); return target; }

  /** Leaflet path style of a feature of ``layer`` in ``status`` (ghosted when not present). */
  function statusStyle(palette, layer, status, present) {
    var e = statusEntry(palette, layer, status), color = e[0], dash = e[1];
    var s = {color: color, weight: 2, opacity: 0.9, fill: false, dashArray: null};
    if (layer === 'corridors' || layer === 'pipelines') {
      assign(s, {weight: layer === 'corridors' ? 4 : 3, lineCap: 'round', dashArray: dash || null});
    } else if (layer === 'regions') {
      assign(s, {weight: 2.5, fill: true, fillColor: color, fillOpacity: 0.12, dashArray: dash || '6 4'});
    } else if (layer === 'bases') {
      assign(s, {fill: true, fillColor: color, fillOpacity: 0.85, weight: 1.5, color: '#ffffff'});
    } else if (layer === 'places') {
      assign(s, {fill: true, fillColor: '#ffffff', fillOpacity: 0.85, weight: 1.5, color: '#222222'});
    }
    if (present === false) {
      assign(s, {color: GHOST, fillColor: GHOST, opacity: 0.5, fillOpacity: 0.2, dashArray: '4 4'});
    }
    return s;
  }

  function borderStyle(palette, id, kind) {
    if (kind === 'sea') {
      return {color: '#9cc3dc', weight: 1, opacity: 1, fill: true, fillColor: palette.sea_fill,
              fillOpacity: 0.8, dashArray: null};
    }
    return {color: '#8d8a84', weight: 1.2, opacity: 1, fill: true, dashArray: null,
            fillColor: palette.country_fill[id] || palette.neighbour_fill, fillOpacity: 0.75};
  }

  var RIVER = '#5b9bc8';

  /** Leaflet path style of a river (a thin blue line) or a lake (water colour, thin blue edge). */
  function waterStyle(palette, kind) {
    if (kind === 'lake') {
      return {color: RIVER, weight: 0.8, opacity: 0.9, fill: true, fillColor: palette.sea_fill, fillOpacity: 1};
    }
    return {color: RIVER, weight: 1.4, opacity: 0.9, fill: false, lineCap: 'round', lineJoin: 'round'};
  }

  /** Extra line weight for the mentions of a corridor or pipeline in the documents. */
  function countWeight(count) { return count ? Math.min(4, 1.2 * Math.log1p(count)) : 0; }

  /** The style of feature ``f`` ({id, kind, layer}) in ``state`` (from AtlasTime.stateOn), with mention
   *  ``count`` and ``selected`` (drawn thicker, borders and regions in yellow). */
  function featureStyle(palette, f, state, count, selected) {
    var s = f.layer === 'borders' ? borderStyle(palette, f.id, f.kind)
      : statusStyle(palette, f.layer, state && state.status, !state || state.present);
    if (count && (f.layer === 'corridors' || f.layer === 'pipelines')) { s.weight += countWeight(count); }
    if (selected) {
      if (f.layer === 'borders' || f.layer === 'regions') { s.color = '#ffd400'; }
      s.weight += 3;
      s.opacity = 1;
    }
    return s;
  }

  /** The legend of what is drawn: [{title, items: [{text, swatch: 'dot'|'area'|'line', color, dashed}]}].
   *  ``drawn`` is a list of {f, state} (visible layers only), in drawing order. */
  function legendEntries(palette, drawn, layerOrder, titles) {
    var out = [];
    layerOrder.forEach(function (layer) {
      if (layer === 'borders' || layer === 'places') { return; }
      var seen = {}, items = [];
      drawn.forEach(function (d) {
        if (d.f.layer !== layer || !d.state) { return; }
        var st = d.state.status;
        if (seen[st] === undefined) { seen[st] = items.length; items.push({status: st, present: false}); }
        if (d.state.present) { items[seen[st]].present = true; }
      });
      if (!items.length) { return; }
      out.push({title: titles[layer] || layer, items: items.map(function (it) {
        var s = statusStyle(palette, layer, it.status, it.present);
        var swatch = layer === 'bases' ? 'dot' : (layer === 'regions' ? 'area' : 'line');
        return {text: statusEntry(palette, layer, it.status)[2], swatch: swatch,
                color: swatch === 'dot' ? s.fillColor : s.color, dashed: !!s.dashArray};
      })});
    });
    return mergeMeanings(out);
  }

  /** One row per meaning: a status named the same in two layers drawn with different kinds of symbol
   *  (e.g. "Azerbaijani control" for a region and for a corridor) is listed once, in its first group, with
   *  both symbols side by side.  The same status of two layers of lines in different colours ("In service"
   *  for a railway and for a pipeline) keeps a row in each group: that row is the only key to the colour. */
  function mergeMeanings(groups) {
    var first = {};
    groups.forEach(function (g) {
      g.items = g.items.filter(function (it) {
        var key = it.text.toLowerCase(), seen = first[key];
        if (!seen) { first[key] = it; return true; }
        if (seen.swatch === it.swatch) {
          return seen.color !== it.color || !!seen.dashed !== !!it.dashed;   // the same symbol: once
        }
        seen.also = seen.also || [];
        if (!seen.also.some(function (a) { return a.swatch === it.swatch; })) {
          seen.also.push({swatch: it.swatch, color: it.color, dashed: it.dashed});
        }
        return false;
      });
    });
    return groups.filter(function (g) { return g.items.length; });
  }

  /** Keys for what the status legend leaves out: the country fills drawn (each colour once, named by its
   *  first country), the sea, towns and water.  ``drawn`` as in legendEntries; ``water`` the water features. */
  function baseKeys(palette, drawn, water) {
    var out = [], countries = [], colours = {}, sea = false, towns = false, other = false;
    drawn.forEach(function (d) {
      var f = d.f;
      if (f.layer === 'places') { towns = true; }
      if (f.layer !== 'borders') { return; }
      if (f.kind === 'sea') { sea = true; return; }
      var fill = palette.country_fill[f.id];
      if (!fill) { other = true; return; }
      if (colours[fill]) { return; }
      colours[fill] = true;
      countries.push({text: f.name, swatch: 'fill', color: fill});
    });
    if (other) { countries.push({text: 'Other countries', swatch: 'fill', color: palette.neighbour_fill}); }
    var kinds = {};
    (water || []).forEach(function (w) { kinds[w.kind] = true; });
    if (sea) {       // sea and lakes share one colour: one row
      countries.push({text: kinds.lake ? 'Sea, lake or reservoir' : 'Sea', swatch: 'fill', color: palette.sea_fill});
    }
    if (countries.length) { out.push({title: 'Countries', items: countries}); }
    var items = [];
    if (towns) { items.push({text: 'Town', swatch: 'town', color: '#ffffff'}); }
    if (kinds.river) { items.push({text: 'River', swatch: 'line', color: RIVER}); }
    if (kinds.lake && !sea) { items.push({text: 'Lake or reservoir', swatch: 'fill', color: palette.sea_fill}); }
    if (items.length) { out.push({title: 'Places and water', items: items}); }
    return out;
  }

  return {baseKeys: baseKeys, mergeMeanings: mergeMeanings, statusEntry: statusEntry, statusStyle: statusStyle, borderStyle: borderStyle,
          countWeight: countWeight, waterStyle: waterStyle, featureStyle: featureStyle, legendEntries: legendEntries, GHOST: GHOST};
});
