"""The practice and teaching kit: the certificate-centre simulator, glossary and instructor notes.

Notebook-facing calls are exported through ``certtraining.lesson``.
"""
