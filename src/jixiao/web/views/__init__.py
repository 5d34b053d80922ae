"""Pages of the web app (Django views; HTMX swaps the project list in place)."""
