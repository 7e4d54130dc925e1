"""Page en construction."""

import streamlit as st

st.title("ma_structure")
st.info("Page en construction.")
