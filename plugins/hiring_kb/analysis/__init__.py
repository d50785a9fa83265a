"""The analysis layer: what the data says: role fit, reliability, calibration, the interview loop, dashboards.

ARCHITECTURE.md: what lives here and what it may import."""
