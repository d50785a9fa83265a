"""The rendering layer: pages: HTML of the pages, charts, the compiled site sources, the engine build, serving.

ARCHITECTURE.md: what lives here and what it may import."""
