"""The calls lesson notebooks make, under the name the notebooks import.

The lesson API lives in :mod:`certtraining.notebook.lesson`; this module keeps
``from certtraining.lesson import ...`` working in every saved notebook.
"""

from certtraining.notebook.lesson import *  # noqa: F403
from certtraining.notebook.lesson import __all__  # noqa: F401
