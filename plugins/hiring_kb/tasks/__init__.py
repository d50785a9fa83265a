"""The adapters layer: the invoke tasks (loaded by every wiki's tasks.py through hiring_kb.task_loading) and the bench.

ARCHITECTURE.md: what lives here and what it may import."""
