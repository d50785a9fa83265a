"""The publish layer: getting a site out safely: audit, deploy targets, release gate, purge, erasure, export.

ARCHITECTURE.md: what lives here and what it may import."""
