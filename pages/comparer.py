"""Page en construction."""

import streamlit as st

st.title("comparer")
st.info("Page en construction.")
