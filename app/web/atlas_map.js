/* The atlas map renderer: every feature and its periods reach the page once; a date is applied here.
 *
 * AtlasMap.attach(map, data, options) draws on a Leaflet map (made by folium) every feature of ``data``
 * (see app/atlas/mapdata.py map_payload) and returns an object whose setDate(day) shows the state on
 * that day: features appear, disappear and restyle in place (the reader's pan and zoom stay), labels are
 * decluttered, the legend lists what is drawn.  Needs Leaflet, AtlasTime, AtlasStyle, AtlasLabels and AtlasPick.
 *
 * For tests and hosts: every feature path carries data-fid and data-state ("" when not drawn,
 * "status" or "status~gone"); the map container carries data-date; atlas.states() maps each drawn
 * feature id to its state key.
 */
(function (root) {
  'use strict';
  var T = root.AtlasTime, S = root.AtlasStyle;
  var RADIUS = {bases: 7, places: 4.5};
  /** What a faded name (a withdrawn base's) loses from its priority: it comes after every other name. */
  var PAST = 5000;
  var LABEL_KINDS = {country: 1, sea: 1, region: 1, place: 1, base: 1, mission: 1, corridor: 1, railway: 1, pipeline: 1};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function Atlas(map, data, options) {
    this.map = map;
    this.data = data;
    this.options = options || {};
    this.palette = data.palette;
    this.order = data.layers;
    this.titles = data.titles;
    this.visible = {};
    var self = this;
    (data.visible || data.layers).forEach(function (l) { self.visible[l] = true; });
    this.counts = data.counts || null;
    this.selected = data.selected || null;
    this.highlighted = {};
    this.items = [];
    this.byId = {};
    this.day = null;
    this.changes = T.changeList(data.features, data.events);
    this.listeners = [];
    this._build();
  }

  /** Drawing order (later is on top and wins a click): fills, water, regions, pipelines, corridors and
   *  railways, towns, then bases (a base is never hidden under a town's dot).  Within a layer of lines the
   *  longer go under the shorter: a railway that is part of a long corridor, or a short corridor meeting a
   *  long railway (Zangezur at Agbend), stays clickable, and the long line is clickable along the rest. */
  var DRAW_RANK = {borders: 0, regions: 2, pipelines: 3, corridors: 4, places: 6, bases: 7};
  function drawRank(f) {
    return DRAW_RANK[f.layer] === undefined ? 5 : DRAW_RANK[f.layer];
  }
  function drawnLength(geometry) {
    var total = 0;
    var walk = function (c) {
      if (typeof c[0] === 'number') { return; }
      if (typeof c[0][0] === 'number') {
        for (var k = 1; k < c.length; k++) { total += Math.hypot(c[k][0] - c[k - 1][0], c[k][1] - c[k - 1][1]); }
        return;
      }
      c.forEach(walk);
    };
    if (geometry && /LineString/.test(geometry.type)) { walk(geometry.coordinates); }
    return total;
  }
  /** A label's priority: its kind's (app/atlas/mapdata.py LABEL_PRIORITY: countries, regions, towns, bases,
   *  held pieces, 100 or more apart), then up to 99 for the feature's mentions in the documents.  Mentions
   *  order the names of one kind; they do not lift a base's long name over a town's (on the days of the
   *  blockade and the offensive the peacekeepers' label, much mentioned, had hidden Stepanakert's). */
  function labelPrio(f, counts) { return (f.prio || 0) + Math.min((counts || {})[f.id] || 0, 99); }

  /** Invisible stroke or dot around what is drawn, so a click within ~10 px lands on it. */
  var HIT = {corridors: 22, pipelines: 16};

  /** The date bar's usual height (two rows and a line of text); the first view keeps clear of it. */
  var TIME_BAR_PX = 84;

  /** The first view: Batumi to Baku, Kars to Astara, whatever the map's size, above the date bar. */
  Atlas.prototype.firstView = function () {
    var bar = this.options.controls === false ? 0 : TIME_BAR_PX, size = this.map.getSize();
    if (!this.data.view || size.x <= 60 + 16 || size.y <= bar + 16) { return; }   // hidden or too small: later
    this.map.options.zoomSnap = 0.25;
    // clear of the zoom buttons on the left, room for an edge town's label on the right
    this.map.fitBounds(this.data.view, {animate: false, paddingTopLeft: [44, 0], paddingBottomRight: [16, bar]});
  };

  Atlas.prototype._build = function () {
    var self = this, map = this.map, waterDrawn = false;
    this.firstView();               // before any feature is added: each is projected once, at this view
    var feats = this.data.features.map(function (f, i) { return [drawRank(f), -drawnLength(f.geometry), i, f]; });
    feats.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    feats.map(function (x) { return x[3]; }).forEach(function (f) {
      if (!waterDrawn && f.layer !== 'borders') { self._water(); waterDrawn = true; }
      var item = {f: f, state: null, key: null, layers: [], label: null, shown: false, geom: -1};
      var gj = L.geoJSON({type: 'Feature', id: f.id, properties: {id: f.id, name: f.name}, geometry: f.geometry}, {
        pointToLayer: function (feat, ll) { return L.circleMarker(ll, {radius: RADIUS[f.layer] || 6}); }
      });
      self._keepInside(gj.bindTooltip(function () { return self._tip(item); }, {sticky: true}));
      gj.addTo(map);
      item.layers.push(gj);
      if (HIT[f.layer] || f.layer === 'bases') {   // a wide invisible stroke or dot: easy to click
        var hit = L.geoJSON({type: 'Feature', id: f.id, properties: {id: f.id, name: f.name}, geometry: f.geometry},
          {style: function () { return {color: '#000', weight: HIT[f.layer] || 1, opacity: 0.001, lineCap: 'round',
                                        fill: f.layer === 'bases', fillOpacity: 0.001}; },
           pointToLayer: function (feat, ll) { return L.circleMarker(ll, {radius: 11}); }});
        self._keepInside(hit.bindTooltip(function () { return self._tip(item); }, {sticky: true}));
        hit.addTo(map);
        item.hit = hit;
      }
      if (f.label && LABEL_KINDS[f.kind]) {
        var div = el('div', 'atlas-label ' + f.kind, labelText(f, f.name));
        div.dataset.prio = String(labelPrio(f, self.counts));
        item.label = L.marker(f.label, {icon: L.divIcon({html: div, className: 'atlas-label-icon',
          iconSize: [0, 0], iconAnchor: [0, 0]}), interactive: false, keyboard: false}).addTo(map);
        item.labelEl = div;
      }
      self._paths(item).forEach(function (p) { p.setAttribute('data-fid', f.id); });
      if (item.hit) { self._paths({layers: [item.hit]}).forEach(function (p) { p.classList.add('atlas-hit'); }); }
      self.items.push(item);
      self.byId[f.id] = item;
    });
    if (!waterDrawn) { this._water(); }
    this._legend = L.control({position: 'topright'});
    this._legend.onAdd = function () {
      var div = L.DomUtil.create('div', 'atlas-legend');
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      self._legendDiv = div;
      return div;
    };
    this._legend.addTo(map);
    (this.data.credits || []).forEach(function (c) { map.attributionControl && map.attributionControl.addAttribution(c); });
    var declutter = function () { self._scheduleDeclutter(); };
    map.on('zoomend moveend resize', declutter);
    // the controls labels keep clear of (the credits wrap when the frame narrows) may change size on their own
    if (root.ResizeObserver) {
      var watch = new root.ResizeObserver(declutter);
      Array.prototype.forEach.call(map.getContainer().querySelectorAll('.leaflet-control'), function (c) { watch.observe(c); });
    }
    this._sleepWheel();
    root.atlasMap = this;
    map.atlas = this;
  };

  /** The mouse wheel scrolls the page, not the map, until the reader clicks the map (a map that fills the
   *  window at 1440x900 zoomed out to the whole continent when a reader scrolled down to the panel under
   *  it); leaving the map puts the wheel back to the page. A wheel turn over the sleeping map says how. */
  Atlas.prototype._sleepWheel = function () {
    var map = this.map, box = map.getContainer(), hint = null, timer = null;
    if (!map.scrollWheelZoom) { return; }
    map.scrollWheelZoom.disable();
    var wake = function () { if (!map.scrollWheelZoom.enabled()) { map.scrollWheelZoom.enable(); } if (hint) { hint.style.display = 'none'; } };
    map.on('click focus', wake);
    box.addEventListener('mousedown', wake);
    box.addEventListener('mouseleave', function () { map.scrollWheelZoom.disable(); });
    box.addEventListener('wheel', function () {
      if (map.scrollWheelZoom.enabled()) { return; }
      if (!hint) {
        hint = el('div', 'atlas-wheel-hint', 'Click the map to zoom with the wheel, or use + and −');
        box.appendChild(hint);
      }
      hint.style.display = '';
      clearTimeout(timer);
      timer = setTimeout(function () { hint.style.display = 'none'; }, 1500);
    }, {passive: true});
  };

  /** Rivers and lakes (undated, not clickable): over the country fills, under everything else; named. */
  Atlas.prototype._water = function () {
    var self = this, map = this.map;
    this.water = [];
    (this.data.water || []).forEach(function (w) {
      var gj = L.geoJSON({type: 'Feature', id: w.id, properties: {id: w.id}, geometry: w.geometry},
        {style: function () { return S.waterStyle(self.palette, w.kind); }, interactive: false}).addTo(map);
      self._paths({layers: [gj]}).forEach(function (p) {
        p.setAttribute('data-water', w.id);
        p.classList.add('atlas-water');
      });
      var item = {f: {id: w.id, name: w.name, kind: 'water', prio: w.prio}, shown: true, water: true,
        since: w.since || null, layers: [gj]};
      if (w.label) {
        var div = el('div', 'atlas-label water ' + w.kind, w.name);
        div.dataset.prio = String(w.prio || 0);
        item.label = L.marker(w.label, {icon: L.divIcon({html: div, className: 'atlas-label-icon',
          iconSize: [0, 0], iconAnchor: [0, 0]}), interactive: false, keyboard: false}).addTo(map);
        item.labelEl = div;
      }
      self.water.push(item);
    });
  };

  /** A reservoir is drawn, and named, from the day its water first stood (``since``); other water always. */
  Atlas.prototype._applyWater = function (item, day) {
    var shown = !item.since || day >= item.since;
    if (shown === item.shown) { return false; }
    item.shown = shown;
    this._paths(item).forEach(function (p) { p.style.display = shown ? '' : 'none'; });
    if (item.label && item.label._icon) { item.label._icon.style.display = shown ? '' : 'none'; }
    return true;
  };

  /** A tooltip that stays inside the map: flipped to the cursor's other side, then clamped, when it would
   *  cross the map's edge (or the date bar). */
  Atlas.prototype._keepInside = function (layer) {
    var tip = layer.getTooltip && layer.getTooltip();
    if (!tip) { return layer; }
    var place = tip._setPosition;
    tip._setPosition = function (pos) {
      place.call(this, pos);
      var map = this._map, box = this._container;
      if (!map || !box) { return; }
      var mr = map.getContainer().getBoundingClientRect(), r = box.getBoundingClientRect();   // margins included
      var w = r.width, h = r.height, m = 4, width = mr.width;
      var bar = map.getContainer().querySelector('.atlas-time');
      var bottom = mr.height - (bar ? bar.offsetHeight : 0) - m;
      var cursor = map.layerPointToContainerPoint(pos);
      var x0 = r.left - mr.left, y0 = r.top - mr.top, x = x0, y = y0;
      if (x + w > width - m) { x = cursor.x - w - 12; }        // flip to the cursor's left
      if (x < m) { x = m; }
      if (x + w > width - m) { x = Math.max(m, width - m - w); }
      if (y + h > bottom) { y = bottom - h; }
      if (y < m) { y = m; }
      if (x !== x0 || y !== y0) {
        L.DomUtil.setPosition(box, L.DomUtil.getPosition(box).add(L.point(x - x0, y - y0)));
        box.dataset.kept = '1';
      }
    };
    return layer;
  };

  /** The drawn shapes (polylines, polygons, circle markers) inside Leaflet layer groups: a MultiPoint is a
   *  group of circle markers, a feature's GeoJSON layer a group of one. */
  function leaves(groups) {
    var out = [];
    var walk = function (l) { if (l.eachLayer) { l.eachLayer(walk); } else { out.push(l); } };
    groups.forEach(function (g) { if (g) { walk(g); } });
    return out;
  }

  /** A feature's drawn shapes, not its invisible click area (a click on one hands it to the host as
   *  ``e.layer``: its GeoJSON carries the feature's id). */
  Atlas.prototype.shapes = function (item) { return leaves([item.layers[0]]); };

  /** The SVG paths of a feature, its invisible click area's included. */
  Atlas.prototype._paths = function (item) {
    return leaves([item.layers[0], item.hit]).map(function (l) { return l._path; }).filter(Boolean);
  };

  /** A map label: the feature's ``map_name`` when it goes by its own name that day ("North–South Transport
   *  Corridor"); a held piece of ground (``group``) without its trailing aside ("Jabrayil district", not
   *  "Jabrayil district (Armenian-held 1993–2020)"); the card and the hover text keep the whole name. */
  function labelText(f, name) {
    if (f.map_name && name === f.name) { return f.map_name; }
    return f.group ? String(name).replace(/\s*\([^)]*\)\s*$/, '') || name : name;
  }

  /** The name a feature goes by in its state of the day (a period's ``name``: the Armenian SSR before 1991). */
  function nameOn(item) { return (item.state && item.state.name) || item.f.name; }

  Atlas.prototype._tip = function (item) {
    var box = el('span', 'atlas-tip');
    box.appendChild(el('b', '', nameOn(item)));
    if (item.state) {
      box.appendChild(el('br'));
      box.appendChild(el('span', '', T.stateWords(item.state)));
    }
    var n = this.counts ? this.counts[item.f.id] : 0;
    if (n) {
      box.appendChild(el('br'));
      box.appendChild(el('span', '', n + ' mention' + (n === 1 ? '' : 's') + ' in the documents'));
    }
    return box;
  };

  Atlas.prototype._style = function (item) {
    var f = item.f, count = this.counts ? this.counts[f.id] : 0;
    return S.featureStyle(this.palette, f, item.state, count, f.id === this.selected || !!this.highlighted[f.id]);
  };

  /** Redraw a feature along the geometry of another of its periods (``gi`` in ``f.geometries``, -1: ``f.geometry``). */
  Atlas.prototype._reshape = function (item, gi) {
    var f = item.f, g = gi < 0 ? f.geometry : f.geometries[gi].geometry;
    var fresh = L.GeoJSON.geometryToLayer({type: 'Feature', properties: {}, geometry: g});
    [item.layers[0], item.hit].forEach(function (group) {
      if (!group) { return; }
      group.eachLayer(function (l) {
        if (l.setLatLngs && fresh.getLatLngs) { l.setLatLngs(fresh.getLatLngs()); }
        else if (l.setLatLng && fresh.getLatLng) { l.setLatLng(fresh.getLatLng()); }
      });
    });
    var label = gi < 0 ? f.label : f.geometries[gi].label;
    if (item.label && label) { item.label.setLatLng(label); }
    item.geom = gi;
  };

  /** Show or hide one feature, restyle it for its state and move it to its route of the day (only when something changed). */
  Atlas.prototype._apply = function (item, force) {
    var state = T.stateOn(item.f.periods, this.day);
    var shown = !!state && this.visible[item.f.layer] === true && !item.f.off_map;
    var key = T.stateKey(state), gi = item.f.geometries ? T.geometryOn(item.f, this.day) : -1;
    var moved = gi !== item.geom;
    if (moved) { this._reshape(item, gi); }
    var named = (state && state.name) || item.f.name;
    if (!force && !moved && key === item.key && shown === item.shown && named === nameOn(item)) { return false; }
    item.state = state;
    item.key = key;
    item.shown = shown;
    var text = labelText(item.f, named);
    if (item.labelEl && item.labelEl.textContent !== text) { item.labelEl.textContent = text; }
    // a base withdrawn or a mission ended: its name faded like its dot, and placed after every other name
    if (item.labelEl) { item.labelEl.classList.toggle('atlas-past', !!state && state.present === false); }
    var style = this._style(item), paths = this._paths(item);
    item.layers[0].setStyle(style);
    var cls = (this.selected === item.f.id || this.highlighted[item.f.id]) ? 'atlas-selected' : '';
    paths.forEach(function (p) {
      p.style.display = shown ? '' : 'none';
      p.setAttribute('data-state', shown ? key : '');
      p.classList.toggle('atlas-selected', !!cls && !p.classList.contains('atlas-hit'));
    });
    if (item.label && item.label._icon) { item.label._icon.style.display = shown ? '' : 'none'; }
    if (shown && cls) { item.layers[0].bringToFront(); }
    return true;
  };

  function isArea(item) { return /Polygon/.test((item.f.geometry && item.f.geometry.type) || ''); }

  /** A selected or highlighted area (a country, a region) is drawn over the other areas of its layer, for
   *  its outline; the water, the lines and the points stay over it, in their own order (a selected Armenia
   *  had hidden its towns, its bases and Lake Sevan).  Only while an area is marked. */
  Atlas.prototype._restack = function () {
    var self = this;
    var marked = function (i) { return self.selected === i.f.id || !!self.highlighted[i.f.id]; };
    if (!this.items.some(function (i) { return i.shown && isArea(i) && marked(i); })) { return; }
    var front = function (i) { i.layers[0].bringToFront(); if (i.hit) { i.hit.bringToFront(); } };
    var layers = [];
    this.items.forEach(function (i) { if (isArea(i) && layers.indexOf(i.f.layer) < 0) { layers.push(i.f.layer); } });
    layers.forEach(function (l) {
      self.items.forEach(function (i) { if (isArea(i) && i.f.layer === l && !marked(i)) { front(i); } });
      self.items.forEach(function (i) { if (isArea(i) && i.f.layer === l && marked(i)) { front(i); } });
    });
    (this.water || []).forEach(function (w) { w.layers[0].bringToFront(); });
    this.items.forEach(function (i) { if (!isArea(i) && !marked(i)) { front(i); } });
    this.items.forEach(function (i) { if (!isArea(i) && marked(i)) { front(i); } });
  };

  /** Show the state on ``day`` ("YYYY-MM-DD"); returns true if anything drawn changed. */
  Atlas.prototype.setDate = function (day, force) {
    day = T.clampDay(day, this.data.min_day, this.data.max_day);
    var changed = false, self = this;
    this.day = day;
    this.items.forEach(function (item) { if (self._apply(item, force)) { changed = true; } });
    (this.water || []).forEach(function (item) { if (self._applyWater(item, day)) { changed = true; } });
    this.map.getContainer().dataset.date = day;
    if (changed || force) { this._restack(); this._legendUpdate(); this._scheduleDeclutter(); }
    this.listeners.forEach(function (fn) { fn(day, changed); });
    return changed;
  };

  Atlas.prototype.onDate = function (fn) { this.listeners.push(fn); };

  Atlas.prototype.setLayers = function (layers) {
    var self = this;
    this.visible = {};
    (layers || []).forEach(function (l) { self.visible[l] = true; });
    if (this.day) { this.setDate(this.day, true); }
  };

  Atlas.prototype.setCounts = function (counts) {
    this.counts = counts || null;
    var self = this;
    this.items.forEach(function (item) {
      if (item.labelEl) { item.labelEl.dataset.prio = String(labelPrio(item.f, counts)); }
    });
    if (this.day) { this.setDate(this.day, true); }
    return self;
  };

  /** Mark one feature as selected and some as highlighted (drawn thicker, on top). */
  Atlas.prototype.select = function (id, highlight) {
    var self = this;
    this.selected = id || null;
    this.highlighted = {};
    (highlight || []).forEach(function (h) { self.highlighted[h] = true; });
    if (this.day) { this.setDate(this.day, true); }
  };

  /** Frame the given features (or do nothing when none is drawn). */
  Atlas.prototype.fit = function (ids, maxZoom) {
    var b = null, self = this;
    (ids || []).forEach(function (id) {
      var item = self.byId[id];
      if (!item) { return; }
      var fb = item.layers[0].getBounds();
      if (fb.isValid()) { b = b ? b.extend(fb) : L.latLngBounds(fb.getSouthWest(), fb.getNorthEast()); }
    });
    if (b) { this.frame(b.pad(0.35), maxZoom || 9); }
  };

  /** Pixels at the foot of the map covered by the date bar and the credits line above it. */
  Atlas.prototype.coveredBottom = function () {
    var c = this.map.getContainer(), bar = c.querySelector('.atlas-time');
    var credits = c.querySelector('.leaflet-control-attribution');
    return (bar ? bar.offsetHeight : 0) + (credits ? credits.offsetHeight : 0);
  };

  /** Fit ``bounds`` into the part of the map a reader sees: not under the date bar and the credits line at
   *  the bottom (a Present or lesson step's subject was drawn under them). */
  Atlas.prototype.frame = function (bounds, maxZoom) {
    var options = {animate: false, paddingTopLeft: [8, 8], paddingBottomRight: [8, this.coveredBottom() + 8]};
    if (maxZoom) { options.maxZoom = maxZoom; }
    this.map.fitBounds(bounds, options);
  };

  /** The ids of the lines and points drawn now within ``tolerance`` pixels (default 10) of ``latlng``,
   *  nearest first (app/web/atlas_pick.js): what a click there may have meant.  Areas are left out (a
   *  click on a line is always inside some country). */
  Atlas.prototype.near = function (latlng, tolerance) {
    var self = this, map = this.map, at = map.latLngToContainerPoint(latlng), shapes = [];
    var xy = function (ll) { var p = map.latLngToContainerPoint(ll); return [p.x, p.y]; };
    var flat = function (lls, out) {     // a polyline's latlngs: a list, or lists of lists for a multi-line
      if (!lls.length) { return out; }
      if (lls[0] && lls[0].lat !== undefined) { out.push(lls.map(xy)); } else { lls.forEach(function (x) { flat(x, out); }); }
      return out;
    };
    this.items.forEach(function (item) {
      if (!item.shown || !item.f.geometry || isArea(item)) { return; }
      var shape = {id: item.f.id, lines: [], points: []};
      self.shapes(item).forEach(function (l) {
        if (l.getLatLng) { shape.points.push(xy(l.getLatLng())); }
        else if (l.getLatLngs) { flat(l.getLatLngs(), shape.lines); }
      });
      shapes.push(shape);
    });
    return root.AtlasPick.near([at.x, at.y], shapes, tolerance === undefined ? 10 : tolerance);
  };

  /** The name a feature goes by on the day shown (its period's name, if it has one). */
  Atlas.prototype.nameOf = function (id) { var item = this.byId[id]; return item ? nameOn(item) : String(id); };

  /** {feature id: state key} of every feature drawn now. */
  Atlas.prototype.states = function () {
    var out = {};
    this.items.forEach(function (item) { if (item.shown) { out[item.f.id] = item.key; } });
    return out;
  };

  Atlas.prototype.isVisible = function (layer) { return this.visible[layer] === true; };

  Atlas.prototype._legendUpdate = function () {
    var drawn = this.items.filter(function (i) { return i.shown; });
    var entries = S.legendEntries(this.palette, drawn, this.order, this.titles)
      .concat(S.baseKeys(this.palette, drawn, this.data.water));
    var sig = JSON.stringify(entries);
    var div = this._legendDiv;
    if (!div || sig === this._legendSig) { return; }
    this._legendSig = sig;
    div.textContent = '';
    var details = el('details');
    if (this._legendOpen === undefined) {   // starts folded (out of the way of the labels); the reader decides
      this._legendOpen = false;
    }
    details.open = this._legendOpen;
    var self = this;
    details.addEventListener('toggle', function () { self._legendOpen = details.open; });
    details.appendChild(el('summary', 'h', 'Legend'));
    entries.forEach(function (group) {
      details.appendChild(el('div', 'h', group.title));
      group.items.forEach(function (it) {
        var row = el('div');
        [it].concat(it.also || []).forEach(function (k) {
          var sw = el('i', 'sw-' + k.swatch + (k.dashed ? ' dashed' : ''));
          sw.style.setProperty('--c', k.color);
          row.appendChild(sw);
        });
        row.appendChild(document.createTextNode(it.text));
        details.appendChild(row);
      });
    });
    div.appendChild(details);
  };

  Atlas.prototype._scheduleDeclutter = function () {
    var self = this;
    if (this._dq) { return; }
    this._dq = true;
    var run = function () { self._dq = false; self.declutter(); };
    if (root.requestAnimationFrame) { root.requestAnimationFrame(run); } else { setTimeout(run, 0); }
  };

  /** Place the shown labels (app/web/atlas_labels.js): off the point markers of other features, to the left
   *  of a point near the right edge, hidden when cut by the map's edge or over a label of higher priority. */
  /** The larger side, in pixels, of the bounding box of an area drawn now (Infinity for a line or a point). */
  Atlas.prototype._pixelSize = function (item) {
    var layer = item.layers && item.layers[0], b = layer && layer.getBounds && layer.getBounds();
    if (!b || !b.isValid() || !isArea(item)) { return Infinity; }
    var ne = this.map.latLngToContainerPoint(b.getNorthEast()), sw = this.map.latLngToContainerPoint(b.getSouthWest());
    return Math.max(Math.abs(ne.x - sw.x), Math.abs(ne.y - sw.y));
  };

  Atlas.prototype.declutter = function () {
    var self = this, els = [], owners = [];
    var zoom = this.map.getZoom();
    this.items.concat(this.water || []).forEach(function (i) {
      if (i.labelEl) {
        var g = i.f.group, sized = root.AtlasLabels.MIN_AREA_PX.hasOwnProperty(g);   // bounds read only when asked
        var named = root.AtlasLabels.namedAt(i.f.kind, zoom) && !(zoom < i.f.label_zoom) &&
          (!sized || root.AtlasLabels.bigEnough(g, self._pixelSize(i)));
        i.labelEl.style.visibility = named ? 'visible' : 'hidden';
        i.labelEl.style.top = '';
        i.labelEl.style.left = '';
        i.labelEl.classList.remove('atlas-flip');
        if (i.shown && named) { els.push(i.labelEl); owners.push(i); }
      }
    });
    var order = els.map(function (e, k) { return k; });
    var prio = els.map(function (e) { return (+e.dataset.prio || 0) - (e.classList.contains('atlas-past') ? PAST : 0); });
    order.sort(function (a, b) { return prio[b] - prio[a] || a - b; });
    // read every box first, then change: one layout, not one per label
    var markers = [];
    this.items.forEach(function (i) {
      var type = i.shown && i.f.geometry && i.f.geometry.type;
      // a faded dot (a base withdrawn) may lie under another feature's name; a dot of the day may not
      if ((type !== 'Point' && type !== 'MultiPoint') || !(i.state && i.state.present)) { return; }
      if (zoom < i.f.label_zoom) { return; }      // a town not named yet (Agarak beside Meghri) keeps no name away
      self._paths({layers: [i.layers[0]]}).forEach(function (path) {
        var b = path.getBoundingClientRect();
        if (b.width) { markers.push({left: b.left, top: b.top, right: b.right, bottom: b.bottom, id: i.f.id}); }
      });
    });
    var labels = order.map(function (k) {
      return {box: els[k].getBoundingClientRect(), kind: owners[k].f.kind, own: owners[k].f.id, text: els[k].textContent};
    });
    var box = this.map.getContainer().getBoundingClientRect(), bar = this.map.getContainer().querySelector('.atlas-time');
    var frame = {left: box.left, top: box.top, right: box.right, bottom: box.bottom - (bar ? bar.offsetHeight : 0)};
    var controls = Array.prototype.map.call(this.map.getContainer().querySelectorAll('.leaflet-control'),
      function (c) { return c.getBoundingClientRect(); }).filter(function (r) { return r.width && r.height; });
    // a label under the date bar is cut too; none goes under the zoom buttons, the scale, the legend or the credits
    var where = root.AtlasLabels.place(labels, markers, frame, controls);
    where.forEach(function (w, n) {
      var e = els[order[n]];
      if (w.flip) { e.classList.add('atlas-flip'); }
      if (w.dy) { e.style.top = w.dy + 'px'; }
      if (w.dx) { e.style.left = w.dx + 'px'; }
      if (w.hidden) { e.style.visibility = 'hidden'; }
    });
  };

  root.AtlasMap = {
    attach: function (map, data, options) {
      var atlas = new Atlas(map, data, options);
      atlas.setDate(data.date, true);
      if (options && options.controls !== false && root.AtlasControls) {
        atlas.controls = root.AtlasControls.attach(atlas, options);
      }
      return atlas;
    }
  };
})(typeof window !== 'undefined' ? window : globalThis);
