"""Hiring knowledge base: roles, candidates and scorecards rendered as a private static site.

The core (everything but :mod:`hiring_kb.mkdocs_plugin`) never imports MkDocs.
"""

__version__ = "0.1.0"
