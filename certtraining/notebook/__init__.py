"""Notebooks: the lesson API, lesson and instructor views, building, executing and ``lab``."""

# Named here so the launchers can pass them without importing jupyter_server themselves.
# The kernel WebSocket connection every server of the course uses (see kernel_socket):
KERNEL_CONNECTION_CLASS = "certtraining.notebook.kernel_socket.PromptKernelConnection"
# The kernel manager of the app and of `certtraining lab` (app_kernels: the warm-up):
COURSE_KERNEL_MANAGER = "certtraining.notebook.app_kernels.CourseKernelManager"
