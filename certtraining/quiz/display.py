"""How quiz widgets present themselves to Jupyter (see :mod:`certtraining.present.mime`)."""

from certtraining.present.mime import QUESTION_MIME, WIDGET_MIME, WIDGET_VIEW_MIME, bundle

__all__ = ["QUESTION_MIME", "WIDGET_MIME", "WIDGET_VIEW_MIME", "bundle"]
