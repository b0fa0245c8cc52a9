// node --test app/web/tests/ : where the map's labels go (app/web/atlas_labels.js).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const L = require('../atlas_labels.js');

const FRAME = {left: 0, top: 0, right: 1000, bottom: 600};
const box = (left, top, w, h) => ({left, top, right: left + w, bottom: top + h});
const dot = (x, y, r = 5, id = 'other') => ({...box(x - r, y - r, 2 * r, 2 * r), id});

test('labels that meet no marker and no other label stay where they are', () => {
  const out = L.place([{box: box(100, 100, 80, 16), kind: 'region', own: null},
                       {box: box(300, 100, 60, 16), kind: 'place', own: 'gyumri'}], [dot(293, 108, 5, 'gyumri')], FRAME);
  assert.deepEqual(out, [{flip: false, dy: 0, hidden: false}, {flip: false, dy: 0, hidden: false}]);
});

test("an area's label over another feature's marker moves a line up, or down when up is taken too", () => {
  // the Karki exclave's label lies over the EU mission's dot (a feature of several dots counts each)
  const label = {box: box(100, 100, 160, 16), kind: 'region', own: null};
  let [w] = L.place([label], [dot(150, 108)], FRAME);
  assert.equal(w.hidden, false);
  assert.equal(w.dy, -18);
  [w] = L.place([label], [dot(150, 108), dot(200, 90)], FRAME);
  assert.equal(w.dy, 18);
  // covered everywhere: it stays put and shown (a marker never hides a label)
  [w] = L.place([label], [dot(150, 108), dot(200, 90), dot(120, 126)], FRAME);
  assert.deepEqual(w, {flip: false, dy: 0, hidden: false});
});

test("a town's label over another town's marker goes to the other side of its own point", () => {
  // Stepanakert at (400, 300); Shusha's dot lies under its label
  const label = {box: box(407, 292, 150, 16), kind: 'place', own: 'stepanakert'};
  const [w] = L.place([label], [dot(400, 300, 4.5, 'stepanakert'), dot(450, 300, 4.5, 'shusha')], FRAME);
  assert.deepEqual(w, {flip: true, dy: 0, hidden: false});
  // its own marker does not count
  const [alone] = L.place([label], [dot(400, 300, 4.5, 'stepanakert')], FRAME);
  assert.equal(alone.flip, false);
});

test("a label near the right edge flips to the left of its point, a base's by the base's own gap", () => {
  const [town] = L.place([{box: box(950, 100, 80, 16), kind: 'place', own: null}], [], FRAME);
  assert.deepEqual(town, {flip: true, dy: 0, hidden: false});
  const [region] = L.place([{box: box(950, 100, 80, 16), kind: 'region', own: null}], [], FRAME);
  assert.deepEqual(region, {flip: false, dy: 0, hidden: true});    // cut by the edge: hidden
  // a base at x = 940 with its label at 950..1030 flips to 850..930 (10 px each side of the point)
  const base = {box: box(950, 100, 80, 16), kind: 'base', own: null};
  const [, clear] = L.place([base, {box: box(932, 100, 5, 16), kind: 'region', own: null}], [], FRAME);
  const [, under] = L.place([base, {box: box(848, 100, 4, 16), kind: 'region', own: null}], [], FRAME);
  assert.deepEqual(clear, {flip: false, dy: 0, hidden: false});
  assert.deepEqual(under, {flip: false, dy: -18, hidden: false});    // moved a line up, off the base's label
});

test('a label over a label of higher priority moves a line up or down, or the other side of its point', () => {
  const out = L.place([{box: box(100, 100, 80, 16), kind: 'country', own: null},
                       {box: box(150, 105, 80, 16), kind: 'region', own: null},
                       {box: box(300, 105, 80, 16), kind: 'region', own: null},
                       {box: box(157, 101, 40, 16), kind: 'place', own: 'x'}], [], FRAME);
  assert.deepEqual(out.slice(0, 3), [{flip: false, dy: 0, hidden: false}, {flip: false, dy: 18, hidden: false},
                                     {flip: false, dy: 0, hidden: false}]);
  // the region's label, below the country's, cannot go up: it goes down.  The town's label meets the country's
  // label on either side of its point: hidden
  assert.deepEqual(out[3], {flip: false, dy: 0, hidden: true});
});

test('a label with no free place is hidden', () => {
  const out = L.place([{box: box(100, 80, 200, 16), kind: 'country', own: null},
                       {box: box(100, 100, 200, 16), kind: 'country', own: null},
                       {box: box(100, 120, 200, 16), kind: 'country', own: null},
                       {box: box(150, 101, 80, 16), kind: 'region', own: null}], [], FRAME);
  assert.deepEqual(out[3], {flip: false, dy: 0, hidden: true});
});

test('a label moves off a marker only to a free place; with none, an area\'s name stays over it and a town\'s is hidden', () => {
  const country = {box: box(100, 82, 160, 16), kind: 'country', own: null};
  const region = {box: box(100, 100, 160, 16), kind: 'region', own: null};
  // up is taken by the country's label: it goes down
  let out = L.place([country, region], [dot(150, 108)], FRAME);
  assert.deepEqual(out[1], {flip: false, dy: 18, hidden: false});
  // up and down taken: it stays where it was rather than be hidden
  const below = {box: box(100, 118, 160, 16), kind: 'sea', own: null};
  out = L.place([country, below, region], [dot(150, 108)], FRAME);
  assert.deepEqual(out[2], {flip: false, dy: 0, hidden: false});
  // a town's label over another town's dot, with its other side taken, is hidden: beside Shusha's dot it
  // would seem to name Shusha
  const lachin = {box: box(240, 292, 150, 16), kind: 'place', own: 'lachin'};
  const stepanakert = {box: box(407, 292, 150, 16), kind: 'place', own: 'stepanakert'};
  out = L.place([lachin, stepanakert], [dot(400, 300, 4.5, 'stepanakert'), dot(450, 300, 4.5, 'shusha'),
                                        dot(233, 300, 4.5, 'lachin')], FRAME);
  assert.deepEqual(out[1], {flip: false, dy: 0, hidden: true});
});

test('a label not drawn (an empty box) is left alone', () => {
  const [w] = L.place([{box: {left: 0, top: 0, right: 0, bottom: 0}, kind: 'place', own: null}], [dot(0, 0)], FRAME);
  assert.deepEqual(w, {flip: false, dy: 0, hidden: false});
});

test("a label over its own feature's dots stays; over another's several dots it moves", () => {
  const villages = {box: box(100, 100, 160, 16), kind: 'region', own: 'gazakh_border_villages'};
  const own = [dot(120, 108, 4, 'gazakh_border_villages'), dot(140, 108, 4, 'gazakh_border_villages')];
  assert.deepEqual(L.place([villages], own, FRAME)[0], {flip: false, dy: 0, hidden: false});
  const exclave = {box: box(100, 100, 160, 16), kind: 'region', own: 'exclave_yukhari_askipara'};
  assert.equal(L.place([exclave], own, FRAME)[0].dy, -18);
});

test("no label goes under the map's controls: it moves, or is hidden", () => {
  const zoom = box(10, 10, 30, 60);                        // the zoom buttons, top left
  const lake = {box: box(30, 64, 70, 16), kind: 'water', own: null};
  assert.deepEqual(L.place([lake], [], FRAME, [zoom])[0], {flip: false, dy: 18, hidden: false});
  const tall = box(10, 10, 30, 120);
  assert.equal(L.place([lake], [], FRAME, [tall])[0].hidden, true);
  assert.deepEqual(L.place([lake], [], FRAME)[0], {flip: false, dy: 0, hidden: false});
});

test("a town's label with another dot on either side goes half a line down (or up) beside its own dot", () => {
  // Stepanakert on the day of the offensive: the peacekeepers' dot at the top of its label's place on the
  // right, Shusha's at the left
  const label = {box: box(100, 100, 80, 16), kind: 'place', own: 'stepanakert'};
  const [w] = L.place([label], [dot(110, 100, 5, 'hq'), dot(30, 108, 5, 'shusha'), dot(93, 108, 5, 'stepanakert')],
                      FRAME);
  assert.deepEqual(w, {flip: false, dy: 11, hidden: false});
  const [up] = L.place([label], [dot(110, 114, 5, 'hq'), dot(30, 108, 5, 'shusha')], FRAME);
  assert.deepEqual(up, {flip: false, dy: -11, hidden: false});
  // dots above and below on both sides too: hidden, as before
  const [none] = L.place([label], [dot(110, 108, 12, 'hq'), dot(30, 108, 12, 'shusha')], FRAME);
  assert.equal(none.hidden, true);
});

test("a corridor's or a line's name sits just above its middle, else just below, else across it, never over a dot", () => {
  // the label box is centred on the line's middle point (200, 108)
  const label = {box: box(140, 100, 120, 16), kind: 'corridor', own: 'zangezur_corridor'};
  let [w] = L.place([label], [], FRAME);
  assert.deepEqual(w, {flip: false, dy: -10, hidden: false});      // above: its bottom 2 px over the point
  // a town's name already above: below the line
  const town = {box: box(150, 80, 100, 16), kind: 'place', own: 'meghri'};
  let out = L.place([town, label], [], FRAME);
  assert.deepEqual(out[1], {flip: false, dy: 10, hidden: false});
  // above and below taken: across the line
  const under = {box: box(150, 120, 100, 16), kind: 'place', own: 'agarak'};
  out = L.place([town, under, label], [], FRAME);
  assert.deepEqual(out[2], {flip: false, dy: 0, hidden: false});
  // a town's dot under every place: hidden (beside the dot it would seem to name it), where an area's name is not
  out = L.place([label], [dot(200, 92), dot(200, 124), dot(200, 108)], FRAME);
  assert.equal(out[0].hidden, true);
  out = L.place([{...label, kind: 'region'}], [dot(200, 92), dot(200, 124), dot(200, 108)], FRAME);
  assert.equal(out[0].hidden, false);
});

test("a line's name blocked above and below its middle ends (or starts) at the middle instead", () => {
  // Lachin corridor: its middle (200, 108) lies between Lachin's dot above-right and a town's name below
  const label = {box: box(140, 100, 120, 16), kind: 'corridor', own: 'lachin_corridor'};
  const below = {box: box(170, 112, 60, 16), kind: 'place', own: 'goris'};
  const out = L.place([below, label], [dot(215, 95, 4.5, 'lachin')], FRAME);
  assert.deepEqual(out[1], {flip: false, dx: -60, dy: -10, hidden: false});   // above, ending at the middle
});

test('railways and pipelines are named from zoom 8, corridors, towns and areas at every zoom', () => {
  assert.equal(L.namedAt('pipeline', 7), false);
  assert.equal(L.namedAt('railway', 7), false);
  assert.equal(L.namedAt('railway', 8), true);
  assert.equal(L.namedAt('corridor', 6), true);
  assert.equal(L.namedAt('place', 5), true);
});

test('a name already shown is not shown twice: the Lachin corridor line and its strip', () => {
  const labels = [
    {box: box(100, 100, 80, 12), kind: 'corridor', own: 'lachin_corridor', text: 'Lachin corridor'},
    {box: box(300, 300, 80, 12), kind: 'region', own: 'lachin_corridor_zone_2020', text: 'Lachin corridor '},
    {box: box(500, 300, 80, 12), kind: 'region', own: 'held_lachin', text: 'Lachin district'},
  ];
  const got = L.place(labels, [], FRAME);
  assert.deepEqual(got.map((w) => w.hidden), [false, true, false]);
});

test('a name hidden for want of room does not stop the same name shown elsewhere', () => {
  const labels = [
    {box: box(100, 100, 80, 12), kind: 'place', own: 'a', text: 'Astara'},
    {box: box(600, 300, 80, 12), kind: 'place', own: 'b', text: 'Astara'},
  ];
  const legend = box(0, 0, 400, 250);       // covers the first label and every place beside its point
  const got = L.place(labels, [], FRAME, [legend]);
  assert.deepEqual(got.map((w) => w.hidden), [true, false]);
});

test('a piece of held ground is named only when drawn at least 10 px across; exclaves always', () => {
  assert.equal(L.bigEnough('control', 2), false);      // a Gazakh village at the first zoom
  assert.equal(L.bigEnough('control', 10), true);
  assert.equal(L.bigEnough('exclave', 3), true);       // Karki is named at every zoom
  assert.equal(L.bigEnough(undefined, 1), true);
});
