"""The authoring layer: writing data files: scaffold, atomic edits, notes import, forge links, private values.

ARCHITECTURE.md: what lives here and what it may import."""
