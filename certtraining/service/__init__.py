"""The class server's progress service (a JupyterHub-managed service); see :mod:`.app`."""
