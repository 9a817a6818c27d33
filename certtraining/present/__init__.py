"""The presentation layer: the Markdown subset, blocks, tables, templates and the stylesheet."""
