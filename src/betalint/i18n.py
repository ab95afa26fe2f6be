"""Interface texts (summaries, notes) in English and French. Rule messages live in the
catalogue; these are the words around them."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "summary": {
        "en": "{total} problem(s) ({errors} error(s), {warnings} warning(s), {infos} info) in {files} file(s) checked.",
        "fr": "{total} problème(s) ({errors} erreur(s), {warnings} avertissement(s), {infos} info) dans {files} fichier(s) vérifié(s).",
    },
    "clean": {
        "en": "No problems found in {files} file(s) checked.",
        "fr": "Aucun problème trouvé dans {files} fichier(s) vérifié(s).",
    },
    "suppressed": {
        "en": "{count} finding(s) hidden by betalint-disable comments.",
        "fr": "{count} signalement(s) masqué(s) par des commentaires betalint-disable.",
    },
    "internal": {
        "en": "betalint hit {count} internal error(s); the results above may be incomplete:",
        "fr": "betalint a rencontré {count} erreur(s) interne(s) ; les résultats ci-dessus peuvent être incomplets :",
    },
    "fix": {"en": "fix", "fr": "correction"},
    "fixed": {
        "en": "{count} problem(s) fixed in {files} file(s).",
        "fr": "{count} problème(s) corrigé(s) dans {files} fichier(s).",
    },
    "statistics": {"en": "Findings per rule", "fr": "Signalements par règle"},
}


def t(key: str, lang: str, **args: object) -> str:
    table = TEXTS[key]
    return (table.get(lang) or table["en"]).format(**args)
