/* Date controls of the atlas map, drawn inside the map: the "As of" box, a slider whose range can be
 * narrowed, Previous/Next change, Play/Pause with a pace.  Everything happens in the browser; the
 * host hears only where the date stops (options.onStop(day, {years: "FROM-TO"})).
 *
 * Keys (when no text box has focus): N / P next and previous change, K play or pause.
 */
(function (root) {
  'use strict';
  var T = root.AtlasTime;
  var HOLD_MS = 900;                      // a pause on each change while playing, so that a class sees it
  var PACES = [['7', '1 week'], ['30.4375', '1 month'], ['91.3', '3 months'], ['365.25', '1 year']];
  var TICK_MS = 200;                      // the pace is "so many days per 200 ms"
  var QUIET_MS = 4000;                    // a stretch with no change that would play longer is skipped ...
  var LEAD_MS = 1000;                     // ... to this much playing time before the next change

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function labelled(text, input) {
    var l = el('label', {}, text + ' ');
    l.appendChild(input);
    return l;
  }

  function Controls(atlas, options) {
    this.atlas = atlas;
    this.options = options || {};
    var years = String(this.options.years || atlas.data.years || '').split('-');
    this.minYear = +atlas.data.min_day.slice(0, 4);
    this.maxYear = +atlas.data.max_day.slice(0, 4);
    this.from = +years[0] || this.minYear;
    this.to = +years[1] || this.maxYear;
    this.playing = false;
    this.pace = 30.4375;
    this.frames = 0;
    this._build();
    var self = this;
    atlas.onDate(function (day) { self._show(day); });
    this._range();
    this._show(atlas.day);
  }

  Controls.prototype._build = function () {
    var self = this, a = this.atlas;
    var box = el('div', {'class': 'atlas-time', role: 'group', 'aria-label': 'Date of the map'});
    var row1 = el('div', {'class': 'row'}), row2 = el('div', {'class': 'row'});
    this.prev = el('button', {type: 'button', 'class': 'prev', 'aria-keyshortcuts': 'P',
      title: 'Previous change (key P)'}, '\u23EE Previous change');
    this.input = el('input', {type: 'text', 'class': 'asof', size: '10',
      placeholder: 'YYYY-MM-DD', autocomplete: 'off', spellcheck: 'false',
      title: 'Type a date (2023-09-20, 20 Sep 2023, Sep 2023 or 2023) and press Enter'});
    this.next = el('button', {type: 'button', 'class': 'next', 'aria-keyshortcuts': 'N',
      title: 'Next change (key N)'}, 'Next change \u23ED');
    this.play = el('button', {type: 'button', 'class': 'play', 'aria-pressed': 'false',
      'aria-keyshortcuts': 'K', title: 'Play or pause (key K)'}, '\u25B6 Play');
    this.paceSel = el('select', {'class': 'pace'});
    PACES.forEach(function (p) {
      var o = el('option', {value: p[0]}, p[1] + ' / 0.2 s');
      if (+p[0] === self.pace) { o.selected = true; }
      self.paceSel.appendChild(o);
    });
    this.fromIn = el('input', {type: 'number', 'class': 'from', min: String(this.minYear),
      max: String(this.maxYear), 'aria-label': 'Slider from year', title: 'Narrow the slider: first year'});
    this.toIn = el('input', {type: 'number', 'class': 'to', min: String(this.minYear),
      max: String(this.maxYear), 'aria-label': 'Slider to year', title: 'Narrow the slider: last year'});
    this.slider = el('input', {type: 'range', 'class': 'slider', step: '1', 'aria-label': 'Date slider'});
    this.said = el('p', {'class': 'said', 'aria-live': 'polite'});
    row1.appendChild(this.prev);
    row1.appendChild(labelled('As of', this.input));
    row1.appendChild(this.next);
    row1.appendChild(this.play);
    row2.appendChild(this.fromIn);
    row2.appendChild(this.slider);
    row2.appendChild(this.toIn);
    // with the slider: how fast Play moves along it (in row 1 it wrapped to a row of its own in a map 600 px
    // wide, as Present's at 1280x720)
    row2.appendChild(labelled('Pace', this.paceSel));
    box.appendChild(row1);
    box.appendChild(row2);
    box.appendChild(this.said);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    a.map.getContainer().appendChild(box);
    a.map.getContainer().classList.add('atlas-has-time');
    this.box = box;
    var lift = function () {        // Leaflet's scale and credits sit just above the bar, however it wraps
      a.map.getContainer().style.setProperty('--atlas-time-h', box.offsetHeight + 'px');
    };
    a.map.on('resize', lift);
    // and whenever the bar itself changes height (its rows wrap, a font arrives): the credits stay above it
    if (root.ResizeObserver) { new root.ResizeObserver(lift).observe(box); }
    // measured in the next frame, when the browser lays the page out anyway (no forced layout at build)
    if (root.requestAnimationFrame) { root.requestAnimationFrame(lift); } else { lift(); }
    this._wire();
  };

  /** What each control does (and the keys N, P, K when no text box has focus). */
  Controls.prototype._wire = function () {
    var self = this, a = this.atlas;
    this.input.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter') { return; }
      e.preventDefault();
      var day = T.parseWords(self.input.value);
      if (!day) {
        self.input.setAttribute('aria-invalid', 'true');
        self.say('Not a date: type it as 2023-09-20, 20 Sep 2023, Sep 2023 or 2023.');
        return;
      }
      self.input.removeAttribute('aria-invalid');
      self.pause(true);
      var shown = T.clampDay(day, a.data.min_day, a.data.max_day);
      self.go(day, shown === day ? '' : 'The map covers ' + T.formatDay(a.data.min_day) + ' to ' +
        T.formatDay(a.data.max_day) + ': showing ' + T.formatDay(shown) + '.');
      if (shown !== day) { self.input.value = shown; }
    });
    this.slider.addEventListener('input', function () {
      self.pause(true);
      self.say('');
      self.atlas.setDate(T.numberDay(+self.slider.value));
    });
    this.slider.addEventListener('change', function () { self.stop(); });
    this.next.addEventListener('click', function () { self.step(1); });
    this.prev.addEventListener('click', function () { self.step(-1); });
    this.play.addEventListener('click', function () { if (self.playing) { self.pause(); } else { self.start(); } });
    this.paceSel.addEventListener('change', function () { self.pace = +self.paceSel.value; });
    var onRange = function () {
      var f = Math.round(+self.fromIn.value), t = Math.round(+self.toIn.value);
      if (!f || !t) { return; }
      self.from = Math.max(self.minYear, Math.min(f, self.maxYear));
      self.to = Math.max(self.from, Math.min(t, self.maxYear));
      self._range();
      // the date goes into the narrowed range (its nearer end), so that the slider, the box and Play agree
      var inside = T.clampDay(a.day, self.rangeStart(), self.rangeEnd());
      if (inside !== a.day) {
        self.pause(true);
        self.go(inside, 'Moved into the years ' + self.from + '–' + self.to + ': ' + T.formatDay(inside) + '.');
        return;
      }
      self.stop();
    };
    this.fromIn.addEventListener('change', onRange);
    this.toIn.addEventListener('change', onRange);
    (a.map.getContainer().ownerDocument || document).addEventListener('keydown', function (e) {
      var t = e.target, tag = t && t.tagName;
      if (e.altKey || e.ctrlKey || e.metaKey || tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') { return; }
      var k = (e.key || '').toLowerCase();
      if (k === 'n') { self.step(1); e.preventDefault(); }
      else if (k === 'p') { self.step(-1); e.preventDefault(); }
      else if (k === 'k') { if (self.playing) { self.pause(); } else { self.start(); } e.preventDefault(); }
    });
  };

  Controls.prototype.rangeStart = function () { return T.clampDay(this.from + '-01-01', this.atlas.data.min_day, this.atlas.data.max_day); };
  Controls.prototype.rangeEnd = function () { return T.clampDay(this.to + '-12-31', this.atlas.data.min_day, this.atlas.data.max_day); };
  Controls.prototype.years = function () { return this.from + '-' + this.to; };

  Controls.prototype._range = function () {
    this.fromIn.value = String(this.from);
    this.toIn.value = String(this.to);
    this.slider.min = String(T.dayNumber(this.rangeStart()));
    this.slider.max = String(T.dayNumber(this.rangeEnd()));
    if (this.atlas.day) { this._show(this.atlas.day); }
  };

  Controls.prototype._show = function (day) {
    if (!day) { return; }
    if (this.input !== document.activeElement || this.playing) { this.input.value = day; }
    this.slider.value = String(T.dayNumber(day));
    this.slider.setAttribute('aria-valuetext', T.formatDay(day));
    var a = this.atlas;
    this.next.disabled = !T.nextChange(a.changes, day, function (l) { return a.isVisible(l); });
    this.prev.disabled = !T.previousChange(a.changes, day, function (l) { return a.isVisible(l); });
    this.frames += 1;
  };

  /** The line under the bar; cut to one line at a narrow width, its whole text shows on hover. */
  Controls.prototype.say = function (text) { this.said.textContent = text; this.said.title = text; };

  /** Show ``day`` and tell the host the date stopped there. */
  Controls.prototype.go = function (day, words) {
    this.atlas.setDate(day);
    if (words !== undefined) { this.say(words); }
    this.stop();
  };

  Controls.prototype.stop = function () {
    if (this.options.onStop) { this.options.onStop(this.atlas.day, {years: this.years()}); }
  };

  /** Jump to the next (+1) or previous (-1) change on the visible layers and say what changed. */
  Controls.prototype.step = function (dir) {
    var a = this.atlas, vis = function (l) { return a.isVisible(l); };
    this.pause(true);
    var ch = dir > 0 ? T.nextChange(a.changes, a.day, vis) : T.previousChange(a.changes, a.day, vis);
    if (!ch) {
      this.say(dir > 0 ? 'No later change on the layers shown.' : 'No earlier change on the layers shown.');
      return;
    }
    this.go(ch.date, T.describe(ch));
  };

  Controls.prototype.start = function () {
    var a = this.atlas, self = this;
    if (this.playing) { return; }
    var end = this.rangeEnd();
    if (a.day >= end) { a.setDate(this.rangeStart()); }
    this.playing = true;
    this.play.textContent = '\u23F8 Pause';
    this.play.setAttribute('aria-pressed', 'true');
    this.pos = T.dayNumber(a.day);
    this.holdUntil = 0;
    this.last = null;
    var vis = function (l) { return a.isVisible(l); };
    var tick = function (now) {
      if (!self.playing) { return; }
      if (self.last === null) { self.last = now; }
      var dt = now - self.last;
      self.last = now;
      if (now < self.holdUntil) { root.requestAnimationFrame(tick); return; }
      self.pos += dt * self.pace / TICK_MS;
      var stopAt = self.rangeEnd(), ch = T.nextChange(a.changes, a.day, vis);
      var ahead = ch && ch.date <= stopAt ? ch : null;      // the next change inside the range, if any
      // decades with nothing to see (1923 to 1988 on the borders) are skipped, and the line says so
      var until = T.dayNumber(ahead ? ahead.date : stopAt);
      if ((until - self.pos) / self.pace * TICK_MS > QUIET_MS) {
        var from = T.numberDay(Math.floor(self.pos));
        self.pos = until - (ahead ? self.pace * LEAD_MS / TICK_MS : 0);
        self.say(ahead
          ? 'No change on the layers shown from ' + T.formatDay(from) + ': on to ' +
            T.formatPrecise(ahead.date, T.saidPrecision(ahead)) + '.'
          : 'No later change on the layers shown' + (self.to < self.maxYear ? ' before the end of ' + self.to : '') + '.');
      }
      var target = T.numberDay(Math.floor(self.pos));
      if (target > stopAt) { target = stopAt; }
      if (ch && ch.date <= target) {
        target = ch.date;
        self.pos = T.dayNumber(target);
        self.holdUntil = now + HOLD_MS;
        self.say(T.describe(ch));
        self.saidChange = ch;
      }
      if (target !== a.day) { a.setDate(target); }
      if (target >= stopAt) { self.pause(); return; }
      root.requestAnimationFrame(tick);
    };
    root.requestAnimationFrame(tick);
  };

  /** Stop playing; the host hears the date unless ``quiet`` (another control reports it). */
  Controls.prototype.pause = function (quiet) {
    if (!this.playing) { return; }
    this.playing = false;
    this.play.textContent = '\u25B6 Play';
    this.play.setAttribute('aria-pressed', 'false');
    this._show(this.atlas.day);
    // the line said the last change the play passed: once paused later than that, say so
    var ch = this.saidChange, day = this.atlas.day;
    this.saidChange = null;
    if (ch && day !== ch.date && this.said.textContent === T.describe(ch)) {
      this.say('Paused on ' + T.formatDay(day) + '. Last change: ' + T.describe(ch));
    }
    if (!quiet) { this.stop(); }
  };

  /** Say what changed on ``day`` on the layers shown (a date set from outside the bar: a Jump-to button, a
   *  Present step), or nothing if nothing did: the line never speaks of another day than the one shown. */
  Controls.prototype.sayDay = function (day) {
    var a = this.atlas;
    var ch = T.nextChange(a.changes, T.addDays(day, -1), function (l) { return a.isVisible(l); });
    this.say(ch && ch.date === day ? T.describe(ch) : '');
  };

  root.AtlasControls = {
    attach: function (atlas, options) { return new Controls(atlas, options); }
  };
})(typeof window !== 'undefined' ? window : globalThis);
