"""A problem in a content file, worded for teaching staff in Korean and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    item: str
    field: str
    message_ko: str
    message_en: str

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.item:
            where += f" › {self.item}"
        if self.field:
            where += f" › {self.field}"
        return f"{where}: {self.message_ko} / {self.message_en}"


@dataclass(frozen=True)
class ContentWarning(Problem):
    """Something a teacher should look at that does not make the course wrong.

    ``certtraining validate`` prints warnings after the problems and still exits 0 when
    there are only warnings. Same fields and wording rules as :class:`Problem`.
    """
