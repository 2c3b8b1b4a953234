"""What the tests share: helpers (web, app, records, certificates) and the fixtures plugin."""
