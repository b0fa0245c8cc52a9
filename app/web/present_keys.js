// Present view: F toggles full screen (the other keys are Streamlit button shortcuts).
// Loaded by app/ui/present.py through st.html; runs in the page itself, bound once per page.
(function () {
  if (window.__atlasPresentKeys) { return; }
  window.__atlasPresentKeys = true;
  document.addEventListener("keydown", function (e) {
    if (e.key !== "f" && e.key !== "F") { return; }
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target, tag = t && t.tagName ? t.tagName.toLowerCase() : "";
    if (tag === "input" || tag === "textarea" || tag === "select" || (t && t.isContentEditable)) { return; }
    if (!document.querySelector(".st-key-present_next")) { return; }   // only in the Present view
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
  });
})();
