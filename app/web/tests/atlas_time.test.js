// node --test app/web/tests/ : the pure time functions of the map renderer.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const T = require('../atlas_time.js');

const LACHIN = [
  {start: '2020-11-10', end: '2022-12-12', status: 'open', label: 'Open'},
  {start: '2022-12-12', end: '2023-09-24', status: 'blockaded', label: 'Blockaded'},
  {start: '2023-09-24', end: '2023-10', status: 'exodus_route', label: 'Exodus route'},
  {start: '2023-10', end: null, status: 'closed', present: false},
];

test('parseDay takes YYYY, YYYY-MM and YYYY-MM-DD and refuses anything else', () => {
  assert.equal(T.parseDay('2022'), '2022-01-01');
  assert.equal(T.parseDay('2022-12'), '2022-12-01');
  assert.equal(T.parseDay(' 2022-12-12 '), '2022-12-12');
  assert.equal(T.parseDay('2024-02-29'), '2024-02-29');
  for (const bad of ['2023-02-29', '2022-13', '2022-00-10', '22-12-12', '12/12/2022', '', null, '2022-1-5']) {
    assert.equal(T.parseDay(bad), null, String(bad));
  }
});

test('a period covers its start day and not its end day', () => {
  assert.equal(T.stateOn(LACHIN, '2020-11-09'), null);
  assert.equal(T.stateOn(LACHIN, '2020-11-10').status, 'open');
  assert.equal(T.stateOn(LACHIN, '2022-12-11').status, 'open');
  assert.equal(T.stateOn(LACHIN, '2022-12-12').status, 'blockaded');
  assert.equal(T.stateOn(LACHIN, '2023-09-23').status, 'blockaded');
  assert.equal(T.stateOn(LACHIN, '2023-09-24').status, 'exodus_route');
});

test('month and year bounds begin on the first day; null is open-ended; present defaults to true', () => {
  assert.equal(T.stateOn(LACHIN, '2023-09-30').status, 'exodus_route');
  const after = T.stateOn(LACHIN, '2023-10-01');
  assert.equal(after.status, 'closed');
  assert.equal(after.present, false);
  assert.equal(T.stateOn(LACHIN, '2999-01-01').status, 'closed');
  assert.equal(T.stateOn(LACHIN, '2021-01-01').present, true);
  const yearly = [{start: null, end: '1991', status: 'soviet'}, {start: '1991', end: null, status: 'independent'}];
  assert.equal(T.stateOn(yearly, '1990-12-31').status, 'soviet');
  assert.equal(T.stateOn(yearly, '1991-01-01').status, 'independent');
  assert.equal(T.stateOn(yearly, '1000-01-01').status, 'soviet');
});

test('when periods overlap, the one that started last wins (ties: the later one)', () => {
  const ps = [{start: '2000', end: null, status: 'a'}, {start: '2010-05', end: '2011', status: 'b'},
              {start: '2010-05', end: '2010-06', status: 'c'}];
  assert.equal(T.stateOn(ps, '2010-04-30').status, 'a');
  assert.equal(T.stateOn(ps, '2010-05-15').status, 'c');
  assert.equal(T.stateOn(ps, '2010-06-01').status, 'b');
  assert.equal(T.stateOn(ps, '2011-01-01').status, 'a');
  assert.equal(T.stateOn([], '2010-01-01'), null);
});

test('day arithmetic across months, leap years and the slider numbers', () => {
  assert.equal(T.addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(T.addDays('2023-03-01', -1), '2023-02-28');
  assert.equal(T.addMonths('2023-01-31', 1), '2023-02-28');
  assert.equal(T.addMonths('2023-12-15', 1), '2024-01-15');
  assert.equal(T.addMonths('2023-01-15', -1), '2022-12-15');
  assert.equal(T.numberDay(T.dayNumber('1923-01-01')), '1923-01-01');
  assert.equal(T.dayNumber('1970-01-02'), 1);
  assert.equal(T.formatDay('2022-12-02'), '2 Dec 2022');
});

const FEATURES = [
  {id: 'lachin', name: 'Lachin corridor', layer: 'corridors', periods: LACHIN},
  {id: 'hq', name: 'Peacekeeping HQ', layer: 'bases', periods: [
    {start: '2020-11-10', end: '2024-04', status: 'active'},
    {start: '2024-04', end: '2024-06-12', status: 'withdrawing'},
    {start: '2024-06-12', end: null, status: 'withdrawn', present: false}]},
  // two periods in the same state meet: no change on that day
  {id: 'arm', name: 'Armenia', layer: 'borders', periods: [
    {start: '1991-09-21', end: '2000', status: 'independent'}, {start: '2000', end: null, status: 'independent'}]},
];
const EVENTS = [{date: '2025-08-08', title: 'TRIPP agreed'}, {date: '2020-11', title: 'Ceasefire month'}];

test('the change list holds real changes and dated events, oldest first', () => {
  const list = T.changeList(FEATURES, EVENTS);
  const dates = list.map((e) => e.date);
  assert.deepEqual(dates, [...dates].sort());
  assert.ok(!dates.includes('2000-01-01'), 'same state on both sides is no change');
  const relabelled = T.changeList([{id: 'x', name: 'X', layer: 'corridors', periods: [
    {start: '2022', end: '2023-04-23', status: 'blockaded', label: 'Blockaded'},
    {start: '2023-04-23', end: null, status: 'blockaded', label: 'Blockaded, checkpoint'}]}], []);
  assert.deepEqual(relabelled.map((e) => e.date), ['2022-01-01', '2023-04-23'], 'a new label is a change');
  assert.ok(dates.includes('1991-09-21'));
  const nov = list.find((e) => e.date === '2020-11-10');
  assert.deepEqual(nov.changes.map((c) => c.id).sort(), ['hq', 'lachin']);
  assert.equal(nov.changes.find((c) => c.id === 'lachin').from, null);
  assert.deepEqual(list.find((e) => e.date === '2020-11-01').events, ['Ceasefire month']);
  const gone = list.find((e) => e.date === '2023-10-01').changes[0];
  assert.equal(T.stateKey(gone.to), 'closed~gone');
});

test('next and previous change skip the shown day and hidden layers, and say what changed', () => {
  const list = T.changeList(FEATURES, EVENTS);
  assert.equal(T.nextChange(list, '2022-12-11').date, '2022-12-12');
  assert.equal(T.nextChange(list, '2022-12-12').date, '2023-09-24');
  assert.equal(T.previousChange(list, '2022-12-12').date, '2020-11-10');
  assert.equal(T.previousChange(list, '2020-11-10').date, '2020-11-01');
  const basesOnly = (layer) => layer === 'bases';
  assert.equal(T.nextChange(list, '2022-01-01', basesOnly).date, '2024-04-01');
  assert.equal(T.nextChange(list, '2024-07-01', basesOnly).date, '2025-08-08', 'events count on any layer');
  assert.equal(T.nextChange(list, '2025-08-08'), null);
  assert.equal(T.previousChange(list, '1991-09-21'), null);
  const said = T.describe(T.nextChange(list, '2022-12-11'));
  assert.equal(said, '12 Dec 2022: Lachin corridor: Open → Blockaded');
  assert.match(T.describe(list.find((e) => e.date === '2024-06-12')), /withdrawing → withdrawn \(drawn faded\)/);
  assert.deepEqual(T.changesBetween(list, '2022-12-12', '2024-04-01').map((e) => e.date),
                   ['2023-09-24', '2023-10-01', '2024-04-01']);
});

test('a re-routed road is drawn along the geometry of the period that covers the day', () => {
  const road = {id: 'road', name: 'Lachin corridor', layer: 'corridors', periods: LACHIN,
    geometry: {type: 'LineString', coordinates: [[45, 39], [46, 39]]},
    geometries: [{start: '2022-08-26', end: null, geometry: {type: 'LineString', coordinates: [[45, 39.1], [46, 39]]}}]};
  assert.equal(T.geometryOn(road, '2022-08-25'), -1);
  assert.equal(T.geometryOn(road, '2022-08-26'), 0);
  assert.equal(T.geometryOn(road, '2024-01-01'), 0);
  assert.equal(T.geometryOn({geometry: road.geometry}, '2024-01-01'), -1);
  // the move is a change of its own even where the status stays the same: Next change stops on it
  const moved = T.changeList([road], []).find((e) => e.date === '2022-08-26');
  assert.ok(moved, 'the day the road moved is a change');
  assert.equal(moved.changes[0].moved, true);
  assert.match(T.describe(moved), /Lachin corridor drawn on its new route/);
  // a geometry period that starts while the feature is not drawn is no change of its own
  const early = {...road, geometries: [{start: '2019-01-01', end: null, geometry: road.geometries[0].geometry}]};
  assert.equal(T.changeList([early], []).find((e) => e.date === '2019-01-01'), undefined);
});

test('a feature that appears says what it is; one that goes says it is no longer drawn', () => {
  const jmc = {id: 'jmc', name: 'Joint Monitoring Center', layer: 'bases',
    periods: [{start: '2021-01-30', end: '2024-04-26', status: 'active', label: 'Monitoring centre operating', present: true}]};
  const list = T.changeList([jmc], []);
  assert.equal(T.describe(list[0]), '30 Jan 2021: Joint Monitoring Center: Monitoring centre operating');
  assert.equal(T.describe(list[1]), '26 Apr 2024: Joint Monitoring Center no longer drawn');
  assert.doesNotMatch(T.describe(list[0]), /not on the map/);
});

test('a date typed as people write it is read, in ISO or in English words', () => {
  assert.equal(T.parseWords('20 Sep 2023'), '2023-09-20');
  assert.equal(T.parseWords('20 September 2023'), '2023-09-20');
  assert.equal(T.parseWords('September 20, 2023'), '2023-09-20');
  assert.equal(T.parseWords('Sept 2023'), '2023-09-01');
  assert.equal(T.parseWords('  mar 1990 '), '1990-03-01');
  assert.equal(T.parseWords('2023-09-20'), '2023-09-20');
  assert.equal(T.parseWords('1992'), '1992-01-01');
  for (const bad of ['31 Feb 2023', '20 Foo 2023', 'Se 2023', '20 Sep', '1 2 Sep 2023', '', 'September']) {
    assert.equal(T.parseWords(bad), null, bad);
  }
});

test('a change the data dates to the month or the year is said to that precision, not as the 1st', () => {
  // Kheyrimli fell "in 1992": the line said "1 Jan 1992", as if on New Year's Day
  const village = {id: 'k', name: 'Kheyrimli', layer: 'regions', periods: [
    {start: null, end: '1992', status: 'azerbaijani', label: 'Azerbaijani village', present: true},
    {start: '1992', end: null, status: 'armenian_held', label: 'Held by Armenia', present: true}]};
  const ayrum = {id: 'b', name: 'Baghanis Ayrum', layer: 'regions', periods: [
    {start: null, end: '1990-03', status: 'azerbaijani', label: 'Azerbaijani village', present: true},
    {start: '1990-03', end: null, status: 'armenian_held', label: 'Held by Armenia', present: true}]};
  const list = T.changeList([village, ayrum], [{date: '1990-03-24', title: 'Night attack'}]);
  assert.equal(T.describe(list.find((e) => e.date === '1992-01-01')),
               '1992: Kheyrimli: Azerbaijani village → Held by Armenia');
  // a day-precise event on the same first day makes the whole line day-precise; here it is another day
  assert.match(T.describe(list.find((e) => e.date === '1990-03-01')), /^Mar 1990: Baghanis Ayrum/);
  assert.match(T.describe(list.find((e) => e.date === '1990-03-24')), /^24 Mar 1990: Night attack/);
  const same = T.changeList([village], [{date: '1992-01-01', title: 'New Year'}]);
  assert.match(T.describe(same[0]), /^1 Jan 1992: /);
  assert.equal(T.formatPrecise('2022-12-12', 'day'), '12 Dec 2022');
  // a day-precise change on a hidden layer does not make the shown line day-precise
  const base = {id: 'x', name: 'X base', layer: 'bases', periods: [{start: '1992-01-01', end: null, status: 'active', present: true}]};
  const both = T.changeList([village, base], []);
  const shown = T.nextChange(both, '1991-12-31', (l) => l !== 'bases');
  assert.equal(T.describe(shown), '1992: Kheyrimli: Azerbaijani village → Held by Armenia');
});
