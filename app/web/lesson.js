/* The offline lesson file: steps through a lesson on the atlas map (app/web/atlas_map.js).
 *
 * Reads the lesson from the JSON script element #lesson-data ({lesson, steps: [{n, map_date,
 * highlight, layers, bounds}]}), moves the folium map into #map, and on each step shows the step's text,
 * applies its date, layers (all the map's layers when the step names none) and highlights in the browser
 * and frames the step's view (else its highlights), as Present does.  Previous/Next buttons, the keys
 * Left/Right, PageUp/PageDown, Home/End and the URL hash (#step-3) drive it; N or the "Teacher's notes"
 * button shows or hides the teacher's part of every step (hidden when the file opens), F the full screen; a step's quotes
 * after the first sit behind tabs.  #map carries
 * data-step, data-date and data-drawn (the ids drawn) for tests.
 */
(function (root) {
  'use strict';
  var atlas = root.atlasMap;
  var data = JSON.parse(document.getElementById('lesson-data').textContent);
  var steps = data.steps, total = steps.length, current = 0;
  var holder = document.getElementById('map');
  var mapEl = atlas.map.getContainer();
  holder.appendChild(mapEl);
  atlas.map.invalidateSize();
  var allLayers = Object.keys(atlas.visible).filter(function (l) { return atlas.visible[l]; });
  var notesShown = false;

  function toggleNotes(on) {
    notesShown = (on === undefined) ? !notesShown : !!on;
    document.querySelectorAll('.teacher').forEach(function (t) { t.hidden = !notesShown; });
    var b = document.getElementById('notes');
    b.setAttribute('aria-pressed', String(notesShown));
    b.textContent = notesShown ? 'Hide teacher\u2019s notes (N)' : 'Teacher\u2019s notes (N)';
  }

  function mark(i) {
    holder.dataset.drawn = Object.keys(atlas.states()).join(' ');
    holder.dataset.step = String(i + 1);
    holder.dataset.date = atlas.day || '';
  }

  function show(i, push) {
    i = Math.max(0, Math.min(total - 1, i));
    current = i;
    var step = steps[i];
    document.querySelectorAll('.step').forEach(function (s, k) { s.hidden = (k !== i); });
    var desc = document.querySelector('#panel .desc');   // the lesson's summary: on its first step only
    if (desc) { desc.hidden = (i !== 0); }
    document.getElementById('counter').textContent = 'Step ' + (i + 1) + ' of ' + total;
    document.getElementById('bar').style.width = (100 * (i + 1) / total) + '%';
    document.getElementById('progress').setAttribute('aria-valuenow', String(i + 1));
    document.getElementById('prev').disabled = (i === 0);
    document.getElementById('next').disabled = (i === total - 1);
    document.title = data.lesson.title + ' \u2014 step ' + (i + 1);
    if (atlas.controls) { atlas.controls.pause(true); }
    atlas.selected = step.highlight[0] || null;
    atlas.highlighted = {};
    step.highlight.forEach(function (h) { atlas.highlighted[h] = true; });
    atlas.visible = {};
    ((step.layers && step.layers.length) ? step.layers : allLayers).forEach(function (l) { atlas.visible[l] = true; });
    atlas.setDate(step.map_date || atlas.day, true);
    if (step.bounds) { atlas.frame(step.bounds); }
    else { atlas.fit(step.highlight.filter(function (h) { return atlas.states()[h] !== undefined; })); }
    mark(i);
    if (push !== false && location.hash !== '#step-' + (i + 1)) { location.hash = 'step-' + (i + 1); }
  }

  function fromHash() {
    var m = /^#step-(\d+)$/.exec(location.hash);
    return m ? parseInt(m[1], 10) - 1 : 0;
  }

  atlas.onDate(function () { mark(current); });
  document.getElementById('prev').addEventListener('click', function () { show(current - 1); });
  document.getElementById('next').addEventListener('click', function () { show(current + 1); });
  document.getElementById('notes').addEventListener('click', function () { toggleNotes(); });
  // N is the notes key here (as in Present), before the map's own "next change" key hears it
  window.addEventListener('keydown', function (e) {
    var tag = e.target && e.target.tagName;
    if (e.altKey || e.ctrlKey || e.metaKey || tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') { return; }
    if (e.key === 'n' || e.key === 'N') { toggleNotes(); e.preventDefault(); e.stopImmediatePropagation(); }
    if (e.key === 'f' || e.key === 'F') {   // full screen for the projector, as in Present
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
      e.preventDefault();
    }
  }, true);
  document.addEventListener('keydown', function (e) {
    var tag = e.target && e.target.tagName;
    if (e.altKey || e.ctrlKey || e.metaKey || tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') { return; }
    var moves = {ArrowRight: current + 1, PageDown: current + 1, ArrowLeft: current - 1, PageUp: current - 1,
                 Home: 0, End: total - 1};
    if (moves[e.key] !== undefined) { show(moves[e.key]); e.preventDefault(); }
  });
  // a step with two quotes or more shows one at a time, behind tabs ("Quote 1: Persian"), as Present does
  document.addEventListener('click', function (e) {
    var tab = e.target && e.target.closest && e.target.closest('.qtab');
    if (!tab) { return; }
    var box = tab.closest('.quotes');
    box.querySelectorAll('.qtab').forEach(function (b) { b.setAttribute('aria-selected', String(b === tab)); });
    box.querySelectorAll('figure.quote').forEach(function (f, k) { f.hidden = String(k) !== tab.dataset.q; });
  });
  window.addEventListener('hashchange', function () { var i = fromHash(); if (i !== current) { show(i, false); } });
  if (total) { show(fromHash(), false); }
  root.lessonReady = true;
})(window);
