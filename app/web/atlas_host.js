/* Hosting the atlas map in Streamlit (inside streamlit-folium's iframe).
 *
 * AtlasHost.start(map, data, options) attaches the renderer and, when streamlit-folium is the host,
 * sends each date stop back to Python as the component value's ``atlas`` entry: {date, years, seq}, and
 * each click on a feature at once (streamlit-folium's own click waits 250 ms; it is not sent twice).
 * AtlasHost.signal(sig) is what Python sends on later runs (through atlas_relay.js when the map has a
 * ``hostKey``, else a tiny script in streamlit-folium's ``feature_group_to_add``, evaluated without
 * rebuilding the map): {date, seq, layers, selected,
 * highlight, counts, fit, bounds}.  A date the server sends is ignored when it answers an older stop than the
 * last one sent (the reader has moved on meanwhile).
 */
(function (root) {
  'use strict';
  var sent = 0;

  var lastStop = null;
  var clicked = false, own = false;     // this script has sent a click; a value being sent by this script
  var listened = {};                     // the ids of the features whose clicks this script sends

  /** Whether a value names a click on a feature whose clicks this script sends itself. */
  function ours(value) {
    var d = value.last_active_drawing;
    return !!(d && d.properties && Object.prototype.hasOwnProperty.call(listened, d.properties.id));
  }

  /** Every value streamlit-folium sends (a click) carries the last date stop too: a click right after a
   *  stop may reach Python in the same run as the stop, or instead of it, and must not lose it.  Once this
   *  script has sent a click (sendClick), streamlit-folium's own values for clicks on the features it
   *  listens to are not sent: the same click 250 ms later would be a second run, and after a feature is
   *  picked from the box of lines drawn over each other (offerOthers), streamlit-folium, which saw only
   *  the first click, would send that one again when the map moves and undo the pick. */
  function keepStop(S) {
    if (S.__atlasKeepsStop) { return; }
    var send = S.setComponentValue;
    S.setComponentValue = function (value) {
      if (!own && clicked && value && typeof value === 'object' && ours(value)) { return; }
      if (lastStop && value && typeof value === 'object' && !value.atlas) {
        var v = {};
        Object.keys(value).forEach(function (k) { v[k] = value[k]; });
        v.atlas = lastStop;
        value = v;
      }
      return send.call(S, value);
    };
    S.__atlasKeepsStop = true;
  }

  function report(day, extra) {
    sent += 1;
    var S = root.Streamlit, g = root.__GLOBAL_DATA__;
    if (!S || !S.setComponentValue) { return; }
    keepStop(S);
    var value = {};
    var prev = (g && g.previous_data) || {};
    Object.keys(prev).forEach(function (k) { if (k !== 'atlas') { value[k] = prev[k]; } });
    // streamlit-folium compares its own fields with previous_data: kept without the stop, so that a later
    // move of the map (a resize, a refit) does not send the same value again, which would rerun the app
    if (g) { g.previous_data = value; }
    lastStop = {date: day, years: extra && extra.years, seq: sent};
    own = true;                                       // keepStop adds lastStop as the value's 'atlas' entry
    try { S.setComponentValue(value); } finally { own = false; }
  }

  /** A feature clicked: send it to Python at once, as streamlit-folium would 250 ms later (its frontend
   *  waits that long before it sends a click): the clicked point and the clicked shape as GeoJSON, whose
   *  ``properties.id`` names the feature.  Only for a map whose clicks Python asked for. */
  function sendClick(e) {
    var S = root.Streamlit, g = root.__GLOBAL_DATA__, layer = e && e.layer;
    if (!S || !S.setComponentValue || !g || !layer || typeof layer.toGeoJSON !== 'function') { return; }
    if (g.returned_objects && g.returned_objects.indexOf('last_active_drawing') < 0) { return; }
    keepStop(S);
    var value = {}, prev = g.previous_data || {};
    Object.keys(prev).forEach(function (k) { if (k !== 'atlas') { value[k] = prev[k]; } });
    value.last_object_clicked = e.latlng || null;
    value.last_active_drawing = layer.toGeoJSON();
    g.previous_data = value;             // streamlit-folium compares its next value with this one
    clicked = true;
    own = true;
    try { S.setComponentValue(value); } finally { own = false; }
  }

  /** Listen to clicks on every feature the renderer drew (before streamlit-folium's own listeners). */
  function listenClicks(drawn) {
    (drawn && drawn.items || []).forEach(function (item) {
      listened[item.f.id] = true;
      item.layers.concat(item.hit ? [item.hit] : []).forEach(function (l) {
        l.on('click', function (e) { sendClick(e); cardHint(drawn.map, item.f); offerOthers(drawn, e.latlng, item); });
      });
    });
  }

  /** Lines drawn one over another (the gas pipeline beside the oil pipeline, a railway along a corridor):
   *  a click opens the card of the one on top; a small box at the click names it and offers the others
   *  within the click's reach, each a button that opens its card instead.  Not in Present (no card). */
  function offerOthers(drawn, latlng, item) {
    var page = parentPage(), map = drawn.map;
    if (!page || inPresent(page) || !latlng || typeof drawn.near !== 'function') { return; }
    var ids = drawn.near(latlng).filter(function (id) { return id !== item.f.id && drawn.byId[id]; });
    if (!ids.length) { map.closePopup(); return; }
    var shown = item;
    var fill = function (box) {
      box.textContent = '';
      var head = root.document.createElement('div');
      head.className = 'atlas-pick-head';
      head.appendChild(root.document.createTextNode('Card below: '));
      var b = root.document.createElement('b');
      b.textContent = drawn.nameOf(shown.f.id);
      head.appendChild(b);
      box.appendChild(head);
      var also = root.document.createElement('div');
      also.className = 'atlas-pick-also';
      also.textContent = 'Also here:';
      box.appendChild(also);
      [item.f.id].concat(ids).filter(function (id) { return id !== shown.f.id; }).forEach(function (id) {
        var other = drawn.byId[id], button = root.document.createElement('button');
        button.type = 'button';
        button.className = 'atlas-pick-other';
        button.dataset.fid = id;
        button.textContent = drawn.nameOf(id);
        button.addEventListener('click', function () {
          var shape = drawn.shapes(other)[0];      // what a click on it hands sendClick as ``e.layer``
          if (!shape) { return; }
          sendClick({layer: shape, latlng: latlng});
          cardHint(map, other.f);
          shown = other;
          // after this click is done: a button taken out of the box while its click is still on its way
          // is no longer inside the box, and Leaflet would take the click for one on the map (and close the box)
          root.setTimeout(function () { fill(box); }, 0);
        });
        box.appendChild(button);
      });
    };
    var box = root.document.createElement('div');
    box.className = 'atlas-pick';
    L.DomEvent.disableClickPropagation(box);
    fill(box);
    // the hover text of the line clicked would lie over the box's first lines
    item.layers.concat(item.hit ? [item.hit] : []).forEach(function (l) { if (l.closeTooltip) { l.closeTooltip(); } });
    L.popup({className: 'atlas-pick-popup', maxWidth: 280, autoPanPadding: [8, 8]})
      .setLatLng(latlng).setContent(box).openOn(map);
  }

  /** The app's page around the map's frame (null outside a frame, or in a frame of another origin). */
  function parentPage() {
    try { return root.parent && root.parent !== root ? root.parent.document : null; } catch (e) { return null; }
  }

  /** Whether that page shows the Present view (its Next button). */
  function inPresent(page) { return !!page.querySelector('.st-key-present_next'); }

  /** The map fills the window, so the card a click opens is out of sight below it: a note at the foot of the
   *  map says so, and a click on it brings the card into view (once the page has drawn it).  Not in Present,
   *  which shows no card. */
  function cardHint(map, f) {
    var page = parentPage();
    if (!page || !map || !map.atlas || inPresent(page)) { return; }
    var box = map.getContainer(), old = box.querySelector('.atlas-card-hint');
    if (old) { old.parentNode.removeChild(old); }
    var hint = root.document.createElement('button');
    hint.type = 'button';
    hint.className = 'atlas-card-hint';
    hint.textContent = '\u2193 ' + (f.name || 'This feature') + ': its card and what the documents say, below the map';
    hint.style.bottom = (map.atlas.coveredBottom() + 4) + 'px';       // above the date bar and the credits
    L.DomEvent.disableClickPropagation(hint);
    hint.addEventListener('click', function () {
      var until = Date.now() + 5000;
      var go = function () {
        var card = page.querySelector('.atlas-card[data-id="' + String(f.id).replace(/["\\]/g, '') + '"]');
        if (card) { card.scrollIntoView({block: 'start'}); hint.parentNode && hint.parentNode.removeChild(hint); }
        else if (Date.now() < until) { root.setTimeout(go, 100); }
      };
      go();
    });
    box.appendChild(hint);
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

  var MIN_HEIGHT = 360, BELOW = 10;     // px: the smallest map; room left under it in the window

  /** Where the top of the map's frame is in the app's page when scrolled to the top. */
  function pageTop(frame) {
    var y = frame.getBoundingClientRect().top;
    for (var n = frame.parentElement; n; n = n.parentElement) { y += n.scrollTop || 0; }
    return y;
  }

  /** Size a hosted map to the app's window: from the map's top to the window's bottom, so that the whole
   *  map and its date bar are in the first view; again when the window or the page above the map changes.
   *  Until the reader moves the map, the view is fitted again to the new size: the first view, or the framing the
   *  last signal asked for (a Present step's bounds or subject: moving the window from a laptop to a projector
   *  had left the step's subject in a corner of a larger map). */
  /** The framing the last signal asked for (a function that applies it again), whether one is being applied, and
   *  what fitWindow does after one (the view is the signal's again, not the reader's). */
  var lastFrame = null, framing = false, framed = null;

  /** Apply a signal's framing and remember it: a hosted map fitted to the window frames it again when resized. */
  function frameBy(apply) {
    lastFrame = apply;
    framing = true;
    try { apply(); } finally { framing = false; }
    if (framed) { framed(); }
  }

  function fitWindow(map) {
    var win = null, frame = null, div = root.document.getElementById('map_div') || map.getContainer();
    try { win = root.parent; frame = root.frameElement; } catch (e) { return null; }
    if (!win || win === root || !frame) { return null; }
    // the view is chosen once the reader touches the map, or once anything but this refit or a signal's framing
    // moves it (a script): a resize keeps a chosen view
    var touched = false, refitting = false;
    ['pointerdown', 'wheel', 'keydown', 'touchstart'].forEach(function (t) {
      map.getContainer().addEventListener(t, function () { touched = true; }, true);
    });
    map.on('movestart zoomstart', function () { if (!refitting && !framing && map.atlas) { touched = true; } });
    framed = function () { touched = false; };     // a new step framed the map: resizes follow it again
    var size = function () {
      if (!frame.isConnected || !win.innerHeight) { return; }       // the view was left: nothing to fit
      var h = Math.max(MIN_HEIGHT, Math.floor(win.innerHeight - pageTop(frame) - BELOW));
      frame.style.setProperty('height', h + 'px', 'important');   // over atlas_page.css's first guess
      if (root.Streamlit && root.Streamlit.setFrameHeight) { root.Streamlit.setFrameHeight(h); }
      if (div.style.height === h + 'px') { return; }
      div.style.height = h + 'px';
      map.invalidateSize({pan: false});
    };
    // a new height (above) or width (Leaflet follows the frame's window): the first view again
    map.on('resize', function () {
      if (touched || !map.atlas) { return; }
      refitting = true;
      try { if (lastFrame) { lastFrame(); } else { map.atlas.firstView(); } } finally { refitting = false; }
    });
    size();
    // streamlit-folium sets the frame's height from Python once the map's script has run: size it again
    root.setTimeout(size, 0);
    win.addEventListener('resize', size);
    var page = frame.closest('[data-testid="stMainBlockContainer"]') || win.document.body;
    if (win.ResizeObserver) { new win.ResizeObserver(function () { size(); }).observe(page); }
    return size;
  }

  /** Keys a class steps Present with (app/ui/present.py gives its buttons these shortcuts; F and N too). */
  var STEP_KEYS = ['ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End', 'f', 'F', 'n', 'N'];

  /** In the Present view, a step key pressed while the map has the focus (the teacher clicked or zoomed it)
   *  goes to the page, whose buttons take it, instead of panning the map: the keys kept working only after
   *  a click outside the map.  The date bar's text box keeps its keys. */
  function forwardStepKeys() {
    var page = parentPage();
    if (!page || root.__atlasStepKeys) { return; }
    root.__atlasStepKeys = true;
    root.document.addEventListener('keydown', function (e) {
      if (STEP_KEYS.indexOf(e.key) < 0 || e.ctrlKey || e.metaKey || e.altKey) { return; }
      var tag = e.target && e.target.tagName ? e.target.tagName.toLowerCase() : '';
      if (tag === 'input' || tag === 'textarea' || tag === 'select') { return; }
      if (!inPresent(page)) { return; }
      e.preventDefault();
      e.stopPropagation();
      page.dispatchEvent(new root.parent.KeyboardEvent('keydown', {key: e.key, code: e.code, bubbles: true,
                                                                   cancelable: true}));
    }, true);
  }

  root.AtlasHost = {
    start: function (map, data, options) {
      options = options || {};
      if (options.host === 'streamlit') { options.onStop = report; forwardStepKeys(); }
      var perf = root.performance && root.performance.mark ? root.performance : null;
      if (perf) { perf.mark('atlas-start'); }           // benchmarks/bench_map.py reads 'atlas-draw'
      if (options.fitWindow) { fitWindow(map); }
      var drawn = root.AtlasMap.attach(map, data, options);
      if (options.host === 'streamlit') { listenClicks(drawn); }
      if (perf && perf.measure) {
        perf.measure('atlas-draw', 'atlas-start');
        if (root.requestAnimationFrame) {            // the frame after the drawing: the map is on screen
          root.requestAnimationFrame(function () { root.setTimeout(function () { perf.mark('atlas-painted'); }, 0); });
        }
      }
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
      // a signal without seq was made before the server heard any stop: once the reader has stopped on a
      // date here, it is older than that (the first run's signal can arrive after the reader typed a date)
      var fresh = sig.seq === undefined || sig.seq === null ? sent === 0 : sig.seq >= sent;
      var day = fresh && sig.date ? sig.date : a.day, before = a.day;
      a.setDate(day, true);
      // a date set from the page (a Jump-to button, a Present step): the bar's line says what changed that
      // day, not what it said of another day
      if (a.controls && !a.controls.playing && a.day !== before && a.controls.sayDay) { a.controls.sayDay(a.day); }
      if (sig.bounds) { frameBy(function () { a.frame(sig.bounds); }); }
      else if (sig.fit && sig.highlight && sig.highlight.length) {
        var ids = sig.highlight.slice();
        frameBy(function () { a.fit(ids); });
      }
      if (sig.play && a.controls) { playBetween(a, sig.play.from, sig.play.to); }
      if (sig.years && a.controls && !a.controls.playing) {
        var y = String(sig.years).split('-');
        if (+y[0] && +y[1]) { a.controls.from = +y[0]; a.controls.to = +y[1]; a.controls._range(); }
      }
    }
  };
})(typeof window !== 'undefined' ? window : globalThis);
