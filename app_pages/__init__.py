"""The dashboard's pages and the little Streamlit glue they share; the work is in planner/."""
