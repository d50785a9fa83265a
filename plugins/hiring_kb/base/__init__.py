"""The base layer: helpers with no domain knowledge: messages, names, dates, numbers, limits, progress, links, HTML.

ARCHITECTURE.md: what lives here and what it may import."""
