"""Interface texts in English and French: summaries, notes, errors of the command line and
its help. Rule messages live in the catalogue (``rules/``); this module holds every other
word betalint says to people, so that a translation is one table.

Two languages are in play, chosen differently:

* the **message language** of ``check`` (findings, summary, baseline notes) is the one the
  site is written in: ``--lang``, else the ``lang`` setting, else ``_config.yml``'s
  ``lang``, else English (see :func:`betalint.engine.run`);
* the **interface language** (``--help``, usage errors, ``rules``, ``explain``) is known
  before any site is: it follows the user's locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
  and GNU ``LANGUAGE``), as every other command-line tool does. ``BETALINT_LANG=fr|en``
  overrides it.

A text is either a template or a pair of plural forms ``(one, other)``: French counts 0
and 1 as singular, English only 1 (CLDR plural rules).
"""

from __future__ import annotations

import os
import string

LANGS = ("en", "fr")

Text = str | tuple[str, str]

TEXTS: dict[str, dict[str, Text]] = {
    # --- summaries and notes of `check` ----------------------------------------------
    "summary": {
        "en": "{problems} ({details}) in {files}.",
        "fr": "{problems} ({details}) dans {files}.",
    },
    "clean": {
        "en": "No problems found in {files}.",
        "fr": "Aucun problème trouvé dans {files}.",
    },
    "n-files-checked": {
        "en": ("{n} file checked", "{n} files checked"),
        "fr": ("{n} fichier vérifié", "{n} fichiers vérifiés"),
    },
    "n-problems": {
        "en": ("{n} problem", "{n} problems"),
        "fr": ("{n} problème", "{n} problèmes"),
    },
    "n-errors": {"en": ("{n} error", "{n} errors"), "fr": ("{n} erreur", "{n} erreurs")},
    "n-warnings": {
        "en": ("{n} warning", "{n} warnings"),
        "fr": ("{n} avertissement", "{n} avertissements"),
    },
    "n-infos": {"en": ("{n} info", "{n} infos"), "fr": ("{n} info", "{n} infos")},
    "n-files": {"en": ("{n} file", "{n} files"), "fr": ("{n} fichier", "{n} fichiers")},
    "suppressed": {
        "en": (
            "{n} finding hidden by a betalint-disable comment.",
            "{n} findings hidden by betalint-disable comments.",
        ),
        "fr": (
            "{n} signalement masqué par un commentaire betalint-disable.",
            "{n} signalements masqués par des commentaires betalint-disable.",
        ),
    },
    "internal": {
        "en": (
            "betalint hit {n} internal error; the results above may be incomplete:",
            "betalint hit {n} internal errors; the results above may be incomplete:",
        ),
        "fr": (
            "betalint a rencontré {n} erreur interne ; les résultats ci-dessus peuvent être incomplets :",
            "betalint a rencontré {n} erreurs internes ; les résultats ci-dessus peuvent être incomplets :",
        ),
    },
    "links-unchecked": {
        "en": (
            "{n} link could not be checked without building the site "
            "(address built with Liquid, or relative link in a layout or include).",
            "{n} links could not be checked without building the site "
            "(addresses built with Liquid, or relative links in layouts and includes).",
        ),
        "fr": (
            "{n} lien n'a pas pu être vérifié sans construire le site "
            "(adresse calculée en Liquid, ou lien relatif dans un gabarit ou une inclusion).",
            "{n} liens n'ont pas pu être vérifiés sans construire le site "
            "(adresses calculées en Liquid, ou liens relatifs dans les gabarits et inclusions).",
        ),
    },
    "fix": {"en": "help: ", "fr": "correction : "},
    "statistics": {"en": "Findings per rule:", "fr": "Signalements par règle :"},
    # --- baseline ----------------------------------------------------------------------
    "baseline-written": {
        "en": "Baseline written to {file}: {findings} in {files}.",
        "fr": "Référence enregistrée dans {file} : {findings} dans {files}.",
    },
    "n-findings": {
        "en": ("{n} finding", "{n} findings"),
        "fr": ("{n} signalement", "{n} signalements"),
    },
    "baseline-matched": {
        "en": (
            "{n} known finding is in the baseline {file} and not shown.",
            "{n} known findings are in the baseline {file} and not shown.",
        ),
        "fr": (
            "{n} signalement connu figure dans la référence {file} et n'est pas affiché.",
            "{n} signalements connus figurent dans la référence {file} et ne sont pas affichés.",
        ),
    },
    "baseline-fixed": {
        "en": (
            "{n} baselined finding is fixed; run --write-baseline {file} to prune it.",
            "{n} baselined findings are fixed; run --write-baseline {file} to prune them.",
        ),
        "fr": (
            "{n} signalement de la référence est corrigé ; lancez --write-baseline {file} pour l'en retirer.",
            "{n} signalements de la référence sont corrigés ; lancez --write-baseline {file} pour les en retirer.",
        ),
    },
    "baseline-missing": {
        "en": "{file}: baseline file not found (create it with --write-baseline {file})",
        "fr": "{file} : fichier de référence introuvable (créez-le avec --write-baseline {file})",
    },
    "baseline-invalid": {
        "en": "{file}: not a betalint baseline ({detail})",
        "fr": "{file} : ce n'est pas un fichier de référence betalint ({detail})",
    },
    # --- changed files (--changed-since) ----------------------------------------------
    "changed-none": {
        "en": "No Markdown or HTML file of the site changed since {ref}.",
        "fr": "Aucun fichier Markdown ou HTML du site n'a changé depuis {ref}.",
    },
    "changed-some": {
        "en": (
            "Only the {n} file changed since {ref} is reported.",
            "Only the {n} files changed since {ref} are reported.",
        ),
        "fr": (
            "Seul le fichier modifié depuis {ref} est signalé.",
            "Seuls les {n} fichiers modifiés depuis {ref} sont signalés.",
        ),
    },
    "git-missing": {
        "en": "--changed-since needs git, which was not found",
        "fr": "--changed-since a besoin de git, qui est introuvable",
    },
    "git-not-repo": {
        "en": "--changed-since: {path} is not in a git repository",
        "fr": "--changed-since : {path} n'est pas dans un dépôt git",
    },
    "git-bad-ref": {
        "en": "--changed-since: git does not know {ref!r} ({detail}); in a shallow CI clone, fetch the history (actions/checkout with fetch-depth: 0)",
        "fr": "--changed-since : git ne connaît pas {ref!r} ({detail}) ; dans un clone partiel de CI, récupérez l'historique (actions/checkout avec fetch-depth: 0)",
    },
    # --- command-line errors -----------------------------------------------------------
    "err-no-path": {
        "en": "{path}: no such file or folder",
        "fr": "{path} : fichier ou dossier introuvable",
    },
    "err-no-config": {
        "en": "{path}: configuration file not found",
        "fr": "{path} : fichier de configuration introuvable",
    },
    "err-unknown-rule": {
        "en": "unknown rule {rule!r} (see `betalint rules`)",
        "fr": "règle inconnue {rule!r} (voir `betalint rules`)",
    },
    "err-several-rules": {
        "en": "{rule!r} names several rules: {codes}",
        "fr": "{rule!r} désigne plusieurs règles : {codes}",
    },
    "err-format": {
        "en": "`format`: unknown format {format!r} (known: {known})",
        "fr": "`format` : format inconnu {format!r} (formats connus : {known})",
    },
    "err-internal": {
        "en": "internal error: {detail} (run with --debug for details)",
        "fr": "erreur interne : {detail} (relancez avec --debug pour le détail)",
    },
    "err-interrupted": {"en": "interrupted", "fr": "interrompu"},
    # --- command-line help -------------------------------------------------------------
    "help-main": {
        "en": "betalint: lint the content of a Jekyll + DSFR site from its source.\n\nFront matter and permalinks, DSFR classes, alt texts, internal links and headings, reported at file:line:column without building the site.",
        "fr": "betalint : vérifie le contenu d'un site Jekyll + DSFR à partir de ses sources.\n\nEn-têtes et permaliens, classes DSFR, textes alternatifs, liens internes et titres, signalés au fichier:ligne:colonne sans construire le site.",
    },
    "help-check": {
        "en": "Lint PATHS (site root, folders or files; default: the current folder).\n\nFiles given explicitly are linted in the context of their whole site (their links resolve against every page); only they are reported.",
        "fr": "Vérifie PATHS (racine du site, dossiers ou fichiers ; par défaut : le dossier courant).\n\nLes fichiers donnés explicitement sont vérifiés dans le contexte de tout leur site (leurs liens sont résolus par rapport à toutes les pages) ; seuls eux sont signalés.",
    },
    "help-rules": {"en": "List the rule catalogue.", "fr": "Liste le catalogue des règles."},
    "help-explain": {
        "en": "Print one rule's catalogue entry: what, why, bad and good examples.",
        "fr": "Affiche la fiche d'une règle : ce qu'elle vérifie, pourquoi, exemples à éviter et à suivre.",
    },
    "help-select": {
        "en": "Only these rules (codes, prefixes like ALT, or names).",
        "fr": "Seulement ces règles (codes, préfixes comme ALT, ou noms).",
    },
    "help-ignore": {
        "en": "Skip these rules (codes, prefixes or names).",
        "fr": "Ignorer ces règles (codes, préfixes ou noms).",
    },
    "help-extend-select": {
        "en": "Add rules to the configured selection.",
        "fr": "Ajouter des règles à la sélection configurée.",
    },
    "help-config": {
        "en": "Configuration file (default: .betalint.toml or [tool.betalint] in pyproject.toml at the site root).",
        "fr": "Fichier de configuration (par défaut : .betalint.toml ou [tool.betalint] dans pyproject.toml à la racine du site).",
    },
    "help-preset": {
        "en": "Settings for a known site (e.g. beta.gouv.fr: collection schemas and references).",
        "fr": "Réglages d'un site connu (par ex. beta.gouv.fr : schémas et références des collections).",
    },
    "help-lang": {
        "en": "Message language (default: the site's `lang`, else en).",
        "fr": "Langue des messages (par défaut : le `lang` du site, sinon en).",
    },
    "help-jobs": {
        "en": "Worker processes (default: number of cores).",
        "fr": "Nombre de processus (par défaut : nombre de cœurs).",
    },
    "help-debug": {
        "en": "Show tracebacks of internal errors.",
        "fr": "Afficher la trace Python des erreurs internes.",
    },
    "help-format": {
        "en": "Output format (default: text).",
        "fr": "Format de sortie (par défaut : text).",
    },
    "help-output": {
        "en": "Write the report to this file (any format).",
        "fr": "Écrire le rapport dans ce fichier (tout format).",
    },
    "help-fail-on": {
        "en": "Lowest severity that makes the exit code 1 (default: error).",
        "fr": "Gravité minimale qui donne le code de sortie 1 (par défaut : error).",
    },
    "help-exit-zero": {
        "en": "Exit 0 even when problems are found.",
        "fr": "Sortir avec 0 même si des problèmes sont trouvés.",
    },
    "help-statistics": {
        "en": "Print the number of findings per rule.",
        "fr": "Afficher le nombre de signalements par règle.",
    },
    "help-color": {
        "en": "Colour the text output (default: only on a terminal).",
        "fr": "Colorer la sortie texte (par défaut : seulement dans un terminal).",
    },
    "help-baseline": {
        "en": "Report only findings not recorded in this baseline file.",
        "fr": "Ne signaler que les problèmes absents de ce fichier de référence.",
    },
    "help-write-baseline": {
        "en": "Record today's findings in this baseline file (and report nothing).",
        "fr": "Enregistrer les signalements actuels dans ce fichier de référence (sans rien signaler).",
    },
    "help-changed-since": {
        "en": "Lint the whole site but report only files changed since this git reference (branch, tag or commit).",
        "fr": "Vérifier tout le site mais ne signaler que les fichiers modifiés depuis cette référence git (branche, étiquette ou commit).",
    },
    "help-rules-lang": {
        "en": "Language of the summaries (default: your locale's).",
        "fr": "Langue des résumés (par défaut : celle de votre environnement).",
    },
    "help-rules-format": {"en": "Output format.", "fr": "Format de sortie."},
    "help-version": {"en": "Show the version and exit.", "fr": "Afficher la version et quitter."},
    "help-help": {"en": "Show this message and exit.", "fr": "Afficher cette aide et quitter."},
    "help-usage": {"en": "Usage: ", "fr": "Utilisation : "},
    "help-options": {"en": "Options", "fr": "Options"},
    "help-commands": {"en": "Commands", "fr": "Commandes"},
    # --- `explain` -----------------------------------------------------------------------
    "explain-head": {
        "en": "{code} {name} ({severity}, family {family})",
        "fr": "{code} {name} ({severity}, famille {family})",
    },
    "explain-rgaa": {"en": "RGAA: {criteria}", "fr": "RGAA : {criteria}"},
    "explain-wcag": {"en": "WCAG: {criteria}", "fr": "WCAG : {criteria}"},
    "rules-opt-in": {
        "en": "(opt-in: enable with --extend-select)",
        "fr": "(à activer avec --extend-select)",
    },
    "explain-options": {"en": "Options:", "fr": "Options :"},
    "explain-option": {
        "en": "  {name} ({type}, default {default!r}): {description}",
        "fr": "  {name} ({type}, par défaut {default!r}) : {description}",
    },
}


def normalise(value: object) -> str | None:
    """``fr``/``en`` from a language tag (``fr``, ``fr-FR``, ``fr_FR.UTF-8``), else None."""
    if not isinstance(value, str) or not value:
        return None
    primary = value.replace("_", "-").split("-", 1)[0].split(".", 1)[0].lower()
    return primary if primary in LANGS else None


def ui_lang(environ: dict[str, str] | None = None) -> str:
    """The interface language from the environment: ``BETALINT_LANG``, then the POSIX
    locale variables in their order of precedence; English when none is French."""
    env = os.environ if environ is None else environ
    own = normalise(env.get("BETALINT_LANG"))
    if own:
        return own
    locale = env.get("LC_ALL") or env.get("LC_MESSAGES") or env.get("LANG") or ""
    if locale not in ("", "C", "POSIX") and env.get("LANGUAGE"):
        # GNU gettext: LANGUAGE is a priority list, honoured unless the locale is C.
        for item in env["LANGUAGE"].split(":"):
            found = normalise(item)
            if found:
                return found
    return normalise(locale) or "en"


def _pick(key: str, lang: str) -> Text:
    table = TEXTS[key]
    return table.get(lang) or table["en"]


def t(key: str, lang: str, **args: object) -> str:
    """The text ``key`` in ``lang`` (English if missing), with ``args`` filled in. For a
    plural text, ``n`` chooses the form."""
    text = _pick(key, lang)
    if isinstance(text, tuple):
        n = int(args.get("n", 0))  # type: ignore[call-overload]
        singular = n <= 1 if lang == "fr" else n == 1
        text = text[0] if singular else text[1]
    return text.format(**args)


def placeholders(text: Text) -> set[str]:
    """The names a text needs (both plural forms together)."""
    forms = text if isinstance(text, tuple) else (text,)
    return {f for form in forms for _, f, _, _ in string.Formatter().parse(form) if f}
