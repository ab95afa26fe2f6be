"""The report's words in its language: interface texts (:mod:`betalint.i18n`), numbers
and dates written the way each language writes them."""

from __future__ import annotations

import datetime as _dt

from betalint.i18n import t
from betalint.report.model import Page, family_label

NNBSP = "\u202f"  # French thousands separator (narrow no-break space)


class Texts:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def t(self, key: str, **args: object) -> str:
        return t(key, self.lang, **args)

    def num(self, n: int) -> str:
        text = f"{n:,}"
        return text.replace(",", NNBSP) if self.lang == "fr" else text

    def date(self, day: _dt.date) -> str:
        months = self.t("report-months").split()
        d = "1er" if self.lang == "fr" and day.day == 1 else str(day.day)
        return self.t("report-date-format", day=d, month=months[day.month - 1], year=day.year)

    def severity(self, sev: str) -> str:
        return self.t(f"sev-{sev}")

    def kind(self, page: Page) -> str:
        key = f"kind-{page.kind}"
        try:
            return self.t(key, collection=page.collection or "")
        except KeyError:
            return self.t("kind-other")

    def family(self, family: str) -> str:
        return family_label(family, self.lang)
