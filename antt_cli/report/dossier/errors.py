"""The one exception of the dossier: a located problem with a message in Vietnamese and English."""

from __future__ import annotations

from typing import Any


class DossierError(Exception):
    """A dossier document could not be made. Carries where (file, line) and why (code, params).

    `message(lang)` is the human sentence (texts in data/dossier.yaml, `problems:`);
    `render(lang)` is the `file:line: message [code]` line the CLI prints.
    """

    def __init__(self, code: str, *, file: str | None = None, line: int | None = None, **params: Any):
        self.code = code
        self.file = file
        self.line = line
        self.params = {k: ("" if v is None else v) for k, v in params.items()}
        super().__init__(self.render("en"))

    def message(self, lang: str = "vi") -> str:
        from antt_cli.report.dossier._data import data, pick

        texts = data().get("problems", {}).get(self.code)
        if texts is None:
            return f"{self.code} {self.params}"
        text = pick(texts, lang)
        for key, value in self.params.items():
            text = text.replace("{" + key + "}", str(value))
        return text

    def location(self) -> str:
        loc = self.file or "-"
        if self.line is not None:
            loc += f":{self.line}"
        return loc

    def render(self, lang: str = "vi") -> str:
        return f"{self.location()}: {self.message(lang)} [{self.code}]"

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "col": None, "field": None,
                "code": self.code, "message": self.message(lang)}

    def __str__(self) -> str:
        return self.render("en")
