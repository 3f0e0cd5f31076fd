"""Indicator time series of ``kpi`` datasets: reading the published tidy tables, building the series,
computing a status, and drawing the charts (server-side SVG)."""
