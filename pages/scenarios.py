"""Page en construction."""

import streamlit as st

st.title("scenarios")
st.info("Page en construction.")
