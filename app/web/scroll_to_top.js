// A button in one view that opens another ("Show on the map" in Documents, "Present it" in Lessons) starts the
// new view at its top: the page had kept the old view's scroll, so the map opened out of sight, scrolled down
// to the card's sources.  Loaded by app/ui/main.py through st.html on the first run of a new view only.
// It scrolls for a few frames while the new view is drawn, and stops at once when the reader acts (a click,
// a key, the wheel), so it never pulls the page away from what the reader reaches for.
// (no less-than sign before a letter or a slash anywhere in this file: DOMPurify drops such a script)
(function () {
  var until = Date.now() + 300, stopped = false;
  function stop() { stopped = true; }
  ['pointerdown', 'keydown', 'wheel', 'touchstart'].forEach(function (t) {
    window.addEventListener(t, stop, {capture: true, once: true});
  });
  function top() {
    if (stopped) { return; }
    var main = document.querySelector('[data-testid="stMain"]');
    if (main) { main.scrollTop = 0; }
    window.scrollTo(0, 0);
    if (Date.now() < until) { window.requestAnimationFrame(top); }
  }
  top();
})();
