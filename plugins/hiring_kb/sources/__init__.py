"""The sources layer: reading the files: YAML, schemas, hiring.yml settings, rules, notes, loading and validation.

ARCHITECTURE.md: what lives here and what it may import."""
