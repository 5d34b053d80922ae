"""The domain core: pure Python, no Django. Model, target notation, review, scoring."""
