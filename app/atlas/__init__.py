"""The atlas: layers and their periods (state on a date), the join of annotations to layers, the map.

Modules: ``layers`` (load and validate the layers, state on a date), ``join`` (annotations x layers),
``geojson`` (the layers as a GeoJSON FeatureCollection), and the map, each imported by its own path so
that importing the atlas does not load folium: ``mapview`` (the folium map), ``timemap`` (the folium
plugin inlining the renderer of ``app/web/``), ``mapdata`` (every feature and its periods for the
browser), ``styles`` (the palette), ``card`` (the feature card). May import geopandas, shapely, folium,
``app.text`` and ``app.safe_html``; never ``app.classroom``, ``app.reading``, ``app.ui`` or Streamlit.
"""
from app.atlas.geojson import *  # noqa: F401,F403
from app.atlas.join import *  # noqa: F401,F403
from app.atlas.layers import *  # noqa: F401,F403
from app.atlas import geojson as _geojson, join as _join, layers as _layers

__all__ = [*_layers.__all__, *_join.__all__, *_geojson.__all__]
