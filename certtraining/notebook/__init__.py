"""Notebooks: the lesson API, lesson and instructor views, building, executing and ``lab``."""

# The kernel WebSocket connection every server of the course uses (see kernel_socket): named
# here so the launchers can pass it without importing jupyter_server themselves.
KERNEL_CONNECTION_CLASS = "certtraining.notebook.kernel_socket.PromptKernelConnection"
