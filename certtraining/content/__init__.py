"""Course content as validated data: models, loader and the problems a bad file produces."""

from certtraining.content.loader import ContentError, load_content
from certtraining.content.models import Content

__all__ = ["Content", "ContentError", "load_content"]
