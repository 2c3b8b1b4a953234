"""Protection of the record: retention, erasure, break-glass, audit review."""
