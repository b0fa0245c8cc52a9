// node --test app/web/tests/ : which drawn features lie under a click (app/web/atlas_pick.js).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const P = require('../atlas_pick.js');

test('the distance to a segment is measured to its nearest point, ends included', () => {
  assert.equal(P.segmentDistance([5, 3], [0, 0], [10, 0]), 3);
  assert.equal(P.segmentDistance([-4, 3], [0, 0], [10, 0]), 5);     // beyond an end: to the end
  assert.equal(P.segmentDistance([13, 4], [0, 0], [10, 0]), 5);
  assert.equal(P.segmentDistance([3, 4], [0, 0], [0, 0]), 5);       // a segment of no length is its point
});

test('two pipelines laid side by side are both under a click on either; a line further off is not', () => {
  const btc = {id: 'btc', lines: [[[0, 100], [200, 100], [400, 140]]]};
  const scp = {id: 'scp', lines: [[[0, 103], [200, 103], [400, 143]]]};
  const supsa = {id: 'supsa', lines: [[[0, 160], [400, 200]]]};
  assert.deepEqual(P.near([100, 104], [btc, scp, supsa], 10), ['scp', 'btc']);
  assert.deepEqual(P.near([300, 121], [btc, scp, supsa], 10), ['btc', 'scp']);
  assert.deepEqual(P.near([100, 150], [btc, scp, supsa], 10), []);
});

test('a line of several parts and a feature of several dots count by their nearest part', () => {
  const rail = {id: 'rail', lines: [[[0, 0], [10, 0]], [[500, 500], [600, 500]]]};
  const mission = {id: 'eu', points: [[20, 20], [550, 508]]};
  assert.deepEqual(P.near([550, 503], [rail, mission], 10), ['rail', 'eu']);
  assert.deepEqual(P.near([300, 300], [rail, mission], 10), []);
});

test('ties keep the order given, and a feature drawn twice is named once', () => {
  const a = {id: 'a', points: [[0, 0]]}, b = {id: 'b', points: [[0, 0]]};
  assert.deepEqual(P.near([3, 4], [a, b, a], 5), ['a', 'b']);
  assert.deepEqual(P.near([3, 4], [b, a], 5), ['b', 'a']);
  assert.deepEqual(P.near([3, 4], [b, a], 4.9), []);
});
