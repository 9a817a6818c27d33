"""The one base class for mistakes a user can fix: bad content, a bad file, an odd learner id.

Every layer raises its own subclass with a Korean/English message; the command's single
handler (``certtraining.cli.main``) prints any of them without a traceback and exits 1.
"""


class UserError(Exception):
    """A problem worded for teaching staff; ``str()`` is the whole message."""
