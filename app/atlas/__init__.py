"""The atlas: layers and their periods (state on a date), the join of annotations to layers, the folium map.

Modules: ``layers``, ``join``, ``mapview``. May import geopandas, folium and ``app.safe_html``; never
``app.classroom``, ``app.reading`` or Streamlit.
"""
