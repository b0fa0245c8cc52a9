// Present opened from another view ("Present it" in Lessons, the view switch) folds the sidebar away, as a
// link to Present does when the page loads (main.py's initial_sidebar_state): on a projector at 1280×720 the
// sidebar had squeezed the step's title and map.  The reader can open it again with its own button.
// Loaded by app/ui/main.py through st.html on the first run of the Present view only.
// (no less-than sign before a letter or a slash anywhere in this file: DOMPurify drops such a script)
(function () {
  var until = Date.now() + 3000;
  function fold() {
    var button = document.querySelector('[data-testid="stSidebarCollapseButton"] button[aria-expanded="true"]');
    if (button) { button.click(); return; }
    if (Date.now() < until) { window.requestAnimationFrame(fold); }
  }
  fold();
})();
