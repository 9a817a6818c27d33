"""MG새마을금고 인증서 발급·재발급 교육 과정의 도우미 패키지.

Kept import-light on purpose: notebooks import it first thing, so heavy modules
(pandas, ipywidgets, SQLAlchemy) load only when a lesson actually needs them.
"""

__version__ = "0.1.0"
