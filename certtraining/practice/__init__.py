"""The practice and teaching kit: the certificate-centre simulator, glossary and instructor notes.

Kept import-light on purpose: ``certtraining.content`` imports the models from here while it
loads, so nothing in this ``__init__`` may pull in ipywidgets or the content loader.
Notebook-facing calls are exported through ``certtraining.lesson``.
"""
