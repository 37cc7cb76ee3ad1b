"""Drafting: Jinja templates and clause snippets rendered into agreement text."""
