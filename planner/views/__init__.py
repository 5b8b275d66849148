"""What the dashboard pages show, computed without Streamlit: one module per page."""
