"""Real-browser tests: JupyterLab started by ``certtraining lab``, driven by Playwright in Chromium."""
