"""Indicators: monthly counts computed from coded, clear columns (never from decrypted text).

definitions.py says what is counted, sources.py how (one SELECT each),
compute.py aggregates, suppression.py hides small cells in exports, and
exports.py / charts.py lay the figures out as CSV, PDF and SVG.
"""
