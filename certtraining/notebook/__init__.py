"""Notebooks: the lesson API, lesson and instructor views, building, executing and ``lab``."""
