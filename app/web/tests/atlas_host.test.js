// node --test app/web/tests/ : a click on a feature reaches Python at once, and once.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const SRC = fs.readFileSync(path.join(__dirname, '..', 'atlas_host.js'), 'utf8');

function layer(id) {
  const handlers = {};
  return {
    on: (type, fn) => { (handlers[type] = handlers[type] || []).push(fn); },
    click: (latlng) => (handlers.click || []).forEach((fn) => fn({latlng, layer: path(id)})),
  };
  function path(fid) {
    return {toGeoJSON: () => ({type: 'Feature', properties: {id: fid, name: fid}, geometry: {type: 'Point', coordinates: [46.5, 39.6]}})};
  }
}

/** A page as streamlit-folium hosts the map: its global data, Streamlit's setComponentValue, the renderer. */
function host(returned) {
  const sent = [], items = {lachin: {f: {id: 'lachin'}, layers: [layer('lachin')]},
                             zangezur: {f: {id: 'zangezur'}, layers: [layer('zangezur')], hit: layer('zangezur')}};
  const ctx = {
    JSON,
    Streamlit: {setComponentValue: (v) => sent.push(JSON.parse(JSON.stringify(v)))},
    __GLOBAL_DATA__: {returned_objects: returned, previous_data: {last_object_clicked: null, last_active_drawing: null}},
    AtlasMap: {attach: (map, data, options) => { ctx.options = options; return {items: Object.values(items)}; }},
  };
  vm.runInNewContext(SRC, ctx);
  ctx.AtlasHost.start({}, {}, {host: 'streamlit'});
  return {ctx, sent, items};
}

/** What streamlit-folium's own click handler sends 250 ms after the click. */
function theirs(ctx, latlng, fid) {
  ctx.Streamlit.setComponentValue({last_object_clicked: latlng,
    last_active_drawing: {type: 'Feature', properties: {id: fid, name: fid}, geometry: {type: 'Point', coordinates: [46.5, 39.6]}}});
}

test('a click on a feature is sent at once, naming the feature', () => {
  const {sent, items} = host(['last_active_drawing', 'last_object_clicked']);
  items.lachin.layers[0].click({lat: 39.6, lng: 46.5});
  assert.equal(sent.length, 1);
  assert.equal(sent[0].last_active_drawing.properties.id, 'lachin');
  assert.deepEqual(sent[0].last_object_clicked, {lat: 39.6, lng: 46.5});
  items.zangezur.hit.click({lat: 39.2, lng: 46.1});       // the wide invisible stroke around a corridor
  assert.equal(sent.length, 2);
  assert.equal(sent[1].last_active_drawing.properties.id, 'zangezur');
});

test("streamlit-folium's own send of the same click is dropped; another click is not", () => {
  const {ctx, sent, items} = host(['last_active_drawing', 'last_object_clicked']);
  items.lachin.layers[0].click({lat: 39.6, lng: 46.5});
  theirs(ctx, {lat: 39.6, lng: 46.5}, 'lachin');
  assert.equal(sent.length, 1);
  theirs(ctx, {lat: 40.1, lng: 45.0}, 'sevan');              // a click our listeners did not see
  assert.equal(sent.length, 2);
  assert.equal(sent[1].last_active_drawing.properties.id, 'sevan');
});

test("streamlit-folium's late value for a feature clicked before does not undo a later click", () => {
  // a click on Lachin, then Zangezur picked (from the box offered where lines meet: no click on the map
  // that streamlit-folium saw); the map moves and streamlit-folium sends the Lachin click it knows again
  const {ctx, sent, items} = host(['last_active_drawing', 'last_object_clicked']);
  items.lachin.layers[0].click({lat: 39.6, lng: 46.5});
  items.zangezur.hit.click({lat: 39.6, lng: 46.5});
  theirs(ctx, {lat: 39.6, lng: 46.5}, 'lachin');
  assert.equal(sent.length, 2);
  assert.equal(sent[1].last_active_drawing.properties.id, 'zangezur');
});

test('a date stop after a click is still sent, and a later click carries the stop', () => {
  const {ctx, sent, items} = host(['last_active_drawing', 'last_object_clicked']);
  items.lachin.layers[0].click({lat: 39.6, lng: 46.5});
  ctx.options.onStop('2021-05-01', {years: '2020-2026'});
  assert.equal(sent.length, 2);
  assert.equal(sent[1].atlas.date, '2021-05-01');
  items.zangezur.layers[0].click({lat: 39.2, lng: 46.1});
  assert.equal(sent[2].last_active_drawing.properties.id, 'zangezur');
  assert.equal(sent[2].atlas.date, '2021-05-01');
});

test('a map whose clicks Python did not ask for sends none', () => {
  const {sent, items} = host([]);
  items.lachin.layers[0].click({lat: 39.6, lng: 46.5});
  assert.equal(sent.length, 0);
});
