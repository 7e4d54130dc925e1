"""Page en construction."""

import streamlit as st

st.title("resultats")
st.info("Page en construction.")
