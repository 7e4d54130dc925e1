"""Simulation of an SIAE's economic model: pure Python, no user interface (never imports streamlit)."""

__version__ = "0.1.0"
