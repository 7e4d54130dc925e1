"""Streamlit layer: session state, shared widgets, charts and formats (the only place that imports streamlit)."""
