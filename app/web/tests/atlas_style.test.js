// node --test app/web/tests/ : the styles and legend of the map renderer.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const S = require('../atlas_style.js');

const PALETTE = {
  status: {open: ['#1a9850', null, 'open'], blockaded: ['#f46d43', '10 6', 'blockaded'],
           active: ['#b2182b', null, 'active'], withdrawn: ['#999999', '4 4', 'withdrawn (ghosted)'],
           in_service: ['#8c510a', null, 'in service']},
  layer_status: {corridors: {in_service: ['#1b7837', null, 'in service']}},
  layer_color: {corridors: '#333333', regions: '#6d6a75'},
  country_fill: {armenia: '#f1d3b3'}, neighbour_fill: '#e9e7e2', sea_fill: '#cde2f0',
};

test('a status gives its colour and dash; a layer may override it; unknown statuses use the layer colour', () => {
  const s = S.statusStyle(PALETTE, 'corridors', 'blockaded', true);
  assert.equal(s.color, '#f46d43');
  assert.equal(s.dashArray, '10 6');
  assert.equal(s.weight, 4);
  assert.equal(S.statusStyle(PALETTE, 'corridors', 'in_service', true).color, '#1b7837');
  assert.equal(S.statusStyle(PALETTE, 'pipelines', 'in_service', true).color, '#8c510a');
  assert.equal(S.statusStyle(PALETTE, 'regions', 'mystery', true).color, '#6d6a75');
  assert.equal(S.statusEntry(PALETTE, 'regions', 'armenian_held')[2], 'armenian held');
});

test('a feature that is gone is ghosted grey and dashed', () => {
  const s = S.statusStyle(PALETTE, 'bases', 'withdrawn', false);
  assert.equal(s.fillColor, S.GHOST);
  assert.equal(s.dashArray, '4 4');
  assert.ok(s.opacity < 0.9);
});

test('borders are filled by country; counts thicken lines; the selection is thicker', () => {
  const f = {id: 'armenia', kind: 'country', layer: 'borders'};
  assert.equal(S.featureStyle(PALETTE, f, {status: 'independent', present: true}).fillColor, '#f1d3b3');
  assert.equal(S.featureStyle(PALETTE, {id: 'x', kind: 'sea', layer: 'borders'}, null).fillColor, '#cde2f0');
  const line = {id: 'l', kind: 'corridor', layer: 'corridors'};
  const st = {status: 'open', present: true};
  assert.ok(S.featureStyle(PALETTE, line, st, 20).weight > S.featureStyle(PALETTE, line, st, 0).weight);
  assert.equal(S.featureStyle(PALETTE, line, st, 0, true).weight, 7);
});

test('the legend lists each drawn status once per layer, not borders or places', () => {
  const drawn = [
    {f: {layer: 'corridors'}, state: {status: 'open', present: true}},
    {f: {layer: 'corridors'}, state: {status: 'open', present: true}},
    {f: {layer: 'bases'}, state: {status: 'withdrawn', present: false}},
    {f: {layer: 'borders'}, state: {status: 'independent', present: true}},
  ];
  const legend = S.legendEntries(PALETTE, drawn, ['borders', 'corridors', 'bases'],
                                 {corridors: 'Corridors', bases: 'Bases'});
  assert.deepEqual(legend.map((g) => g.title), ['Corridors', 'Bases']);
  assert.equal(legend[0].items.length, 1);
  assert.equal(legend[1].items[0].swatch, 'dot');
  assert.equal(legend[1].items[0].color, S.GHOST);
});

test('a meaning named in two layers is one legend row with both symbols', () => {
  const pal = Object.assign({}, PALETTE, {status: Object.assign({}, PALETTE.status,
    {azerbaijani_control: ['#2166ac', null, 'Azerbaijani control']})});
  const drawn = [
    {f: {layer: 'regions'}, state: {status: 'azerbaijani_control', present: true}},
    {f: {layer: 'corridors'}, state: {status: 'azerbaijani_control', present: true}},
    {f: {layer: 'corridors'}, state: {status: 'open', present: true}},
  ];
  const legend = S.legendEntries(pal, drawn, ['regions', 'corridors'], {regions: 'Regions', corridors: 'Corridors'});
  const rows = legend.flatMap((g) => g.items.map((i) => i.text));
  assert.deepEqual(rows, ['Azerbaijani control', 'open']);
  assert.equal(legend[0].items[0].swatch, 'area');
  assert.deepEqual(legend[0].items[0].also.map((a) => a.swatch), ['line']);
  assert.deepEqual(S.mergeMeanings([{title: 'A', items: [{text: 'x', swatch: 'line'}]},
                                    {title: 'B', items: [{text: 'X', swatch: 'line'}]}]).length, 1);
});

test("a railway's and a pipeline's 'In service' keep a row each: each is the key to its line's colour", () => {
  const groups = S.mergeMeanings([
    {title: 'Corridors and railways', items: [{text: 'In service', swatch: 'line', color: '#2e7d32'}]},
    {title: 'Pipelines', items: [{text: 'In service', swatch: 'line', color: '#8c510a'}]}]);
  assert.deepEqual(groups.map((g) => [g.title, g.items.map((i) => [i.text, i.color, i.also])]),
                   [['Corridors and railways', [['In service', '#2e7d32', undefined]]],
                    ['Pipelines', [['In service', '#8c510a', undefined]]]]);
});

test('the legend keys country fills (each colour once), sea and lakes, towns and rivers', () => {
  const pal = Object.assign({}, PALETTE, {country_fill: {armenia: '#f1d3b3', azerbaijan: '#cfe3c4',
                                                         nakhchivan: '#cfe3c4'}});
  const drawn = [
    {f: {id: 'armenia', name: 'Armenia', kind: 'country', layer: 'borders'}},
    {f: {id: 'azerbaijan', name: 'Azerbaijan', kind: 'country', layer: 'borders'}},
    {f: {id: 'nakhchivan', name: 'Nakhchivan', kind: 'country', layer: 'borders'}},
    {f: {id: 'turkey', name: 'Turkey', kind: 'country', layer: 'borders'}},
    {f: {id: 'caspian', name: 'Caspian Sea', kind: 'sea', layer: 'borders'}},
    {f: {id: 'baku', name: 'Baku', kind: 'place', layer: 'places'}},
  ];
  const keys = S.baseKeys(pal, drawn, [{kind: 'river'}, {kind: 'lake'}]);
  assert.deepEqual(keys.map((g) => g.title), ['Countries', 'Places and water']);
  assert.deepEqual(keys[0].items.map((i) => [i.text, i.color]), [['Armenia', '#f1d3b3'], ['Azerbaijan', '#cfe3c4'],
    ['Other countries', '#e9e7e2'], ['Sea, lake or reservoir', '#cde2f0']]);
  assert.deepEqual(keys[1].items.map((i) => i.text), ['Town', 'River']);
  assert.deepEqual(S.baseKeys(pal, [], []), []);
  assert.deepEqual(S.baseKeys(pal, [], [{kind: 'lake'}])[0].items.map((i) => i.text), ['Lake or reservoir']);
});

test('rivers are thin blue lines, lakes are filled with the sea colour', () => {
  const river = S.waterStyle(PALETTE, 'river'), lake = S.waterStyle(PALETTE, 'lake');
  assert.equal(river.fill, false);
  assert.ok(river.weight < 2);
  assert.equal(lake.fillColor, '#cde2f0');
});
