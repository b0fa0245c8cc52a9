// Documents view: bring the sentence a reader came to read ("open in document") to the middle of the window.
// Loaded by app/ui/documents.py through st.html after the document, beside a hidden marker element with
// data-scroll-to (the sentence's id) and data-n (which opening); each opening scrolls once, so a reader who then
// scrolls away is not pulled back when the page reruns.  Streamlit may run this script before the marker
// and the document are in the page: it looks for them on each frame for up to three seconds.
(function () {
  // (no less-than sign before a letter or a slash anywhere in this file: DOMPurify drops such a script)
  var until = Date.now() + 3000;
  function attempt() {
    var markers = document.querySelectorAll("[data-scroll-to]");
    var marker = markers[markers.length - 1];
    var target = marker && marker.getAttribute("data-scroll-to");
    var el = target && document.getElementById(target);
    if (el) {
      var key = target + "#" + marker.getAttribute("data-n");
      if (window.__atlasScrolledTo !== key) {
        window.__atlasScrolledTo = key;
        el.scrollIntoView({block: "center"});
      }
    } else if (Date.now() < until) {
      window.requestAnimationFrame(attempt);
    }
  }
  attempt();
})();
