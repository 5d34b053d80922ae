"""公开: the anonymous, read-only disclosure site (published documents only) — see docs/disclosure.md."""
