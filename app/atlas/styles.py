"""The map's palette (status colours, dashes, fills) and layer titles: one source for the browser and the handout."""
from __future__ import annotations

from typing import Any

__all__ = ["LAYER_TITLES", "STATUS_STYLES", "LAYER_STATUS_STYLES", "status_style", "status_entry", "palette"]

#: Toggle layer -> title shown in the UI and the legend.
LAYER_TITLES = {
    "borders": "Borders and seas", "regions": "Regions", "corridors": "Corridors and railways",
    "pipelines": "Pipelines", "bases": "Bases and missions", "places": "Places",
}

# Muted fills so that corridors stand out.
COUNTRY_FILL = {"armenia": "#f1d3b3", "azerbaijan": "#cfe3c4", "georgia": "#e4d2ea", "nakhchivan": "#cfe3c4"}
NEIGHBOUR_FILL = "#e9e7e2"
SEA_FILL = "#cde2f0"
LAYER_COLOR = {"borders": "#8d8a84", "regions": "#6d6a75", "corridors": "#333333",
               "pipelines": "#8c510a", "bases": "#b2182b", "places": "#222222"}

#: status -> (colour, dash pattern or None, legend text).  Unknown statuses use the layer colour.
STATUS_STYLES: dict[str, tuple[str, str | None, str]] = {
    "open": ("#1a9850", None, "Open"),
    "blockaded": ("#f46d43", "10 6", "Blockaded"),
    "closed": ("#d73027", "3 6", "Closed"),
    "proposed": ("#7b3294", "12 8", "Proposed"),
    "agreed": ("#5e3c99", "4 6", "Agreed"),
    "under_construction": ("#e08214", "8 6", "Under construction"),
    "in_service": ("#8c510a", None, "In service"),
    "active": ("#b2182b", None, "Active"),
    "withdrawing": ("#f46d43", None, "Withdrawing"),
    "withdrawn": ("#999999", "4 4", "Withdrawn (drawn faded)"),
    "planned": ("#9970ab", "2 8", "Planned"),
    "partly_operational": ("#66a61e", "8 4", "Partly operational"),
    "suspended": ("#999999", "6 6", "Suspended"),
    "exodus_route": ("#1f78b4", None, "Exodus route"),
    "war": ("#b2182b", "4 4", "War"),
    "autonomous_oblast": ("#7b5ea7", "6 4", "Autonomous oblast"),
    "armenian_held": ("#e66101", None, "Armenian-held"),
    "azerbaijani_control": ("#2166ac", None, "Azerbaijani control"),
    # regions: one symbol per meaning (Armenian side brown, Azerbaijani side blue, dashes tell them apart)
    "province": ("#a6611a", "6 4", "Province"),
    "part_of_armenia": ("#a6611a", "2 4", "Part of Armenia"),
    "part_of_armenian_ssr": ("#a6611a", "10 4", "Part of the Armenian SSR"),
    "part_of_azerbaijan_ssr": ("#4393c3", "10 4", "Part of the Azerbaijan SSR"),
    "autonomous_republic": ("#4393c3", "6 4", "Autonomous republic"),
    "azerbaijani_villages": ("#4393c3", "2 4", "Azerbaijani villages"),
    "autonomous_territory": ("#7b5ea7", "2 4", "Autonomous territory"),
    "divided": ("#762a83", "8 3", "Divided"),
    "exclave": ("#35978f", "3 3", "Exclave"),
    "peacekeepers": ("#1b7837", "6 3", "Corridor under Russian peacekeepers"),
}
#: (layer, status) -> style overriding :data:`STATUS_STYLES` for that layer.
LAYER_STATUS_STYLES: dict[tuple[str, str], tuple[str, str | None, str]] = {
    ("corridors", "in_service"): ("#1b7837", None, "In service"),
    ("corridors", "armenian_held"): ("#e66101", "2 6", "Armenian-held"),
    # a base withdrawn and a base closed are drawn alike (a faded dot): one legend row says both
    ("bases", "closed"): ("#999999", "4 4", "Withdrawn or closed (drawn faded)"),
    ("bases", "withdrawn"): ("#999999", "4 4", "Withdrawn or closed (drawn faded)"),
}
GHOST = "#9a9a9a"


def status_entry(layer: str, status: str | None) -> tuple[str, str | None, str]:
    """(colour, dash, legend text) of a status in a layer."""
    status = status or ""
    default = (LAYER_COLOR.get(layer, "#555"), None, status.replace("_", " "))
    return LAYER_STATUS_STYLES.get((layer, status)) or STATUS_STYLES.get(status) or default


def status_style(layer: str, status: str | None, present: bool = True) -> dict[str, Any]:
    """Leaflet path style for a feature of ``layer`` in ``status`` (ghosted when not present).

    The browser computes the same style in ``app/web/atlas_style.js`` (statusStyle); this copy draws the
    printable handout's SVG."""
    color, dash, _ = status_entry(layer, status)
    style: dict[str, Any] = {"color": color, "weight": 2, "opacity": 0.9}
    if layer in ("corridors", "pipelines"):
        style.update(weight=4 if layer == "corridors" else 3, lineCap="round")
        if dash:
            style["dashArray"] = dash
    elif layer == "regions":
        style.update(weight=2.5, fill=True, fillColor=color, fillOpacity=0.12, dashArray=dash or "6 4")
    elif layer == "bases":
        style.update(fill=True, fillColor=color, fillOpacity=0.85, weight=1.5, color="#ffffff")
    elif layer == "places":
        style.update(fill=True, fillColor="#ffffff", fillOpacity=0.85, weight=1.5, color="#222222")
    if not present:
        style.update(color=GHOST, fillColor=GHOST, opacity=0.5, fillOpacity=0.2, dashArray="4 4")
    return style


def palette() -> dict[str, Any]:
    """The palette as plain JSON for the browser renderer (``app/web/atlas_style.js``)."""
    layer_status: dict[str, dict[str, list]] = {}
    for (layer, status), entry in LAYER_STATUS_STYLES.items():
        layer_status.setdefault(layer, {})[status] = list(entry)
    return {"status": {k: list(v) for k, v in STATUS_STYLES.items()}, "layer_status": layer_status,
            "layer_color": dict(LAYER_COLOR), "country_fill": dict(COUNTRY_FILL),
            "neighbour_fill": NEIGHBOUR_FILL, "sea_fill": SEA_FILL}
