"""The model layer: the domain words and the data classes of roles, candidates and scorecards.

ARCHITECTURE.md: what lives here and what it may import."""
