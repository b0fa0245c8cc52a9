/* The signal relay: a tiny Streamlit v2 component (in the app's page, no iframe) that hands what Python
 * says on each run (date, layers, selection, counts) to the map drawn in streamlit-folium's iframe.
 *
 * The map's own component arguments then stay byte-identical from run to run, so Streamlit sends them
 * once and afterwards only a reference to its cache.  The signal is kept in window.__atlasSignals[key]
 * for a map still loading (AtlasHost.start reads it from its parent window) and applied at once to a map
 * already drawn (its window.__atlasHostKey says which key it hosts).  A signal the same as the last one for
 * its key is not applied again (a rerun for something else must not re-frame the view or replay a Play),
 * as streamlit-folium did with feature_group_to_add.
 */
export default function (component) {
  var data = component.data || {};
  var key = data.key, sig = data.signal;
  if (!key || !sig) { return; }
  window.__atlasSignals = window.__atlasSignals || {};
  window.__atlasSent = window.__atlasSent || {};
  var text = JSON.stringify(sig);
  if (window.__atlasSent[key] === text) { return; }    // applied already: a view or a Play is not redone
  window.__atlasSent[key] = text;
  window.__atlasSignals[key] = sig;
  var frames = document.querySelectorAll('iframe');
  for (var i = 0; i < frames.length; i++) {
    var w = null;
    try { w = frames[i].contentWindow; } catch (e) { w = null; }
    try {
      if (w && w.__atlasHostKey === key && w.AtlasHost && w.atlasMap) { w.AtlasHost.signal(sig); }
    } catch (e) { /* a frame of another origin: not ours */ }
  }
}
