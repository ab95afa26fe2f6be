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
    "site-url-invalid": {
        "en": "The `url` of _config.yml (`{url}`) is not a valid web address: links written "
        "with the site's full address are checked as external ones. Write it as "
        "`https://domain.example`.",
        "fr": "L'adresse `url` de _config.yml (`{url}`) n'est pas une adresse web valide : "
        "les liens écrits avec l'adresse complète du site sont traités comme externes. "
        "Écrivez-la sous la forme `https://domaine.exemple`.",
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
    "help-no-cache": {
        "en": "Do not read or write the cache (.betalint_cache/ at the site root).",
        "fr": "Ne pas lire ni écrire le cache (.betalint_cache/ à la racine du site).",
    },
    "help-cache-dir": {
        "en": "Folder of the cache (default: .betalint_cache/ at the site root).",
        "fr": "Dossier du cache (par défaut : .betalint_cache/ à la racine du site).",
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
        "en": "  {name} ({type}, default {default}): {description}",
        "fr": "  {name} ({type}, par défaut {default}) : {description}",
    },
    # --- `report`: the audit report (betalint.report) ------------------------------------
    "help-report": {
        "en": "Write an accessibility audit report of the site at PATH (default: the current folder): one self-contained HTML file, or Markdown, JSON or CSV.\n\nFindings are grouped by RGAA criterion, rule family and page; the same selection, configuration and baseline options as `check` apply.",
        "fr": "Produit un rapport d'audit d'accessibilité du site situé à PATH (par défaut : le dossier courant) : un fichier HTML autonome, ou du Markdown, du JSON ou du CSV.\n\nLes signalements sont regroupés par critère RGAA, par famille de règles et par page ; les options de sélection, de configuration et de référence de `check` s'appliquent de la même façon.",
    },
    "help-report-format": {
        "en": "Report format (default: html).",
        "fr": "Format du rapport (par défaut : html).",
    },
    "help-report-output": {
        "en": "Write the report to this file (default: standard output, or betalint-report.EXT when it is a terminal).",
        "fr": "Écrire le rapport dans ce fichier (par défaut : la sortie standard, ou betalint-report.EXT si c'est un terminal).",
    },
    "help-report-baseline": {
        "en": "Baseline file of the last audit: findings it does not hold are marked new.",
        "fr": "Fichier de référence du dernier audit : les signalements qu'il ne contient pas sont marqués comme nouveaux.",
    },
    "help-only-new": {
        "en": "With --baseline: keep only the new findings.",
        "fr": "Avec --baseline : ne garder que les nouveaux signalements.",
    },
    "help-progress": {
        "en": "Show progress on standard error (default: only on a terminal, after one second).",
        "fr": "Afficher l'avancement sur la sortie d'erreur (par défaut : seulement dans un terminal, au-delà d'une seconde).",
    },
    "err-only-new": {
        "en": "--only-new needs a baseline (--baseline FILE or the `baseline` setting)",
        "fr": "--only-new a besoin d'une référence (--baseline FICHIER ou le réglage `baseline`)",
    },
    "progress": {
        "en": "Checking files: {done}/{total}",
        "fr": "Vérification des fichiers : {done}/{total}",
    },
    "report-written": {
        "en": "Report written to {file}: {findings} in {pages}.",
        "fr": "Rapport écrit dans {file} : {findings} dans {pages}.",
    },
    "n-pages": {"en": ("{n} page", "{n} pages"), "fr": ("{n} page", "{n} pages")},
    "report-skip": {"en": "Skip to content", "fr": "Aller au contenu"},
    "report-title": {
        "en": "Accessibility report — {site}",
        "fr": "Rapport d'accessibilité — {site}",
    },
    "report-lead": {
        "en": "Automated check of the site's source files (Markdown and HTML) by betalint, against the RGAA {rgaa} criteria its rules cover.",
        "fr": "Vérification automatique des fichiers sources du site (Markdown et HTML) par betalint, au regard des critères du RGAA {rgaa} que ses règles couvrent.",
    },
    "report-contents": {"en": "Contents", "fr": "Sommaire"},
    "report-summary": {"en": "Summary", "fr": "Synthèse"},
    "report-about": {"en": "About this check", "fr": "À propos de cette vérification"},
    "report-site": {"en": "Site", "fr": "Site"},
    "report-address": {"en": "Address", "fr": "Adresse"},
    "report-source-folder": {"en": "Source folder", "fr": "Dossier source"},
    "report-date": {"en": "Date", "fr": "Date"},
    "report-tool": {"en": "Tool", "fr": "Outil"},
    "report-dsfr": {"en": "DSFR version", "fr": "Version du DSFR"},
    "report-standard": {"en": "Standard", "fr": "Référentiel"},
    "report-files-checked": {"en": "Files checked", "fr": "Fichiers vérifiés"},
    "report-pages-checked": {"en": "Pages checked", "fr": "Pages vérifiées"},
    "report-mode-plain": {
        "en": "a folder of HTML and Markdown files (no Jekyll configuration)",
        "fr": "un dossier de fichiers HTML et Markdown (sans configuration Jekyll)",
    },
    "report-key-figures": {"en": "Key figures", "fr": "Chiffres clés"},
    "report-fig-findings": {
        "en": ("finding", "findings"),
        "fr": ("signalement", "signalements"),
    },
    "report-fig-errors": {"en": ("error", "errors"), "fr": ("erreur", "erreurs")},
    "report-fig-warnings": {
        "en": ("warning", "warnings"),
        "fr": ("avertissement", "avertissements"),
    },
    "report-fig-infos": {
        "en": ("info", "infos"),
        "fr": ("information", "informations"),
    },
    "report-fig-pages": {
        "en": ("page with findings, of {total} checked", "pages with findings, of {total} checked"),
        "fr": (
            "page avec signalements, sur {total} vérifiées",
            "pages avec signalements, sur {total} vérifiées",
        ),
    },
    "report-fig-criteria": {
        "en": (
            "RGAA criterion with findings, of {total} checked",
            "RGAA criteria with findings, of {total} checked",
        ),
        "fr": (
            "critère RGAA avec signalements, sur {total} vérifiés",
            "critères RGAA avec signalements, sur {total} vérifiés",
        ),
    },
    "report-fig-new": {
        "en": ("new since the last audit", "new since the last audit"),
        "fr": ("nouveau depuis le dernier audit", "nouveaux depuis le dernier audit"),
    },
    "report-baseline": {
        "en": "Compared with the last audit ({file}): {new} new, {known} already known, {fixed} fixed since.",
        "fr": "Par rapport au dernier audit ({file}) : {new} nouveaux, {known} déjà connus, {fixed} corrigés depuis.",
    },
    "report-only-new": {
        "en": "Only the findings that are new since the last audit are listed.",
        "fr": "Seuls les signalements nouveaux depuis le dernier audit sont listés.",
    },
    "report-suppressed": {
        "en": (
            "{n} finding is hidden by a betalint-disable comment in the sources.",
            "{n} findings are hidden by betalint-disable comments in the sources.",
        ),
        "fr": (
            "{n} signalement est masqué par un commentaire betalint-disable dans les sources.",
            "{n} signalements sont masqués par des commentaires betalint-disable dans les sources.",
        ),
    },
    "report-errors": {
        "en": "betalint hit internal errors; this report may be incomplete:",
        "fr": "betalint a rencontré des erreurs internes ; ce rapport peut être incomplet :",
    },
    "report-notes": {"en": "Notes", "fr": "Remarques"},
    "report-severity": {"en": "Severity", "fr": "Gravité"},
    "report-by-severity": {"en": "Findings by severity", "fr": "Signalements par gravité"},
    "sev-error": {"en": "Error", "fr": "Erreur"},
    "sev-warning": {"en": "Warning", "fr": "Avertissement"},
    "sev-info": {"en": "Information", "fr": "Information"},
    "report-severity-help": {
        "en": "Errors break the page for some visitors or break the build; warnings are likely problems to review; information is advice.",
        "fr": "Les erreurs bloquent une partie des visiteurs ou la construction du site ; les avertissements sont des problèmes probables à examiner ; les informations sont des conseils.",
    },
    "report-findings": {"en": "Findings", "fr": "Signalements"},
    "report-pages": {"en": "Pages", "fr": "Pages"},
    "report-rules": {"en": "Rules", "fr": "Règles"},
    "report-new": {"en": "New", "fr": "Nouveaux"},
    "report-new-badge": {"en": "new", "fr": "nouveau"},
    "report-by-criterion": {"en": "By RGAA criterion", "fr": "Par critère RGAA"},
    "report-criteria-intro": {
        "en": "The RGAA {rgaa} criteria that the rules of this check relate to. A finding is a clue that the criterion may not be met on that page; a criterion without findings is not proven met (see the last section).",
        "fr": "Les critères du RGAA {rgaa} auxquels se rapportent les règles de cette vérification. Un signalement indique que le critère risque de ne pas être respecté sur la page ; un critère sans signalement n'est pas pour autant validé (voir la dernière partie).",
    },
    "report-criteria-caption": {
        "en": "Findings by RGAA criterion",
        "fr": "Signalements par critère RGAA",
    },
    "report-criterion": {"en": "Criterion", "fr": "Critère"},
    "report-criterion-title": {"en": "Title", "fr": "Intitulé"},
    "report-level": {"en": "Level", "fr": "Niveau"},
    "report-pages-affected": {"en": "Pages affected", "fr": "Pages concernées"},
    "report-several-criteria": {
        "en": "Rules in bold have findings. A finding may relate to several criteria: the rows can add up to more than the total.",
        "fr": "Les règles en gras ont des signalements. Un signalement peut concerner plusieurs critères : le total des lignes peut dépasser le nombre de signalements.",
    },
    "report-no-criterion": {
        "en": (
            "{n} finding comes from rules tied to no RGAA criterion (site quality: front matter, DSFR, files).",
            "{n} findings come from rules tied to no RGAA criterion (site quality: front matter, DSFR, files).",
        ),
        "fr": (
            "{n} signalement provient de règles qui ne relèvent d'aucun critère RGAA (qualité du site : en-têtes, DSFR, fichiers).",
            "{n} signalements proviennent de règles qui ne relèvent d'aucun critère RGAA (qualité du site : en-têtes, DSFR, fichiers).",
        ),
    },
    "report-no-criteria": {
        "en": "None of the rules that ran relates to an RGAA criterion.",
        "fr": "Aucune des règles appliquées ne relève d'un critère RGAA.",
    },
    "report-by-family": {"en": "By rule family", "fr": "Par famille de règles"},
    "report-families-caption": {
        "en": "Findings by rule family",
        "fr": "Signalements par famille de règles",
    },
    "report-family": {"en": "Family", "fr": "Famille"},
    "report-rgaa-criteria": {"en": "RGAA criteria", "fr": "Critères RGAA"},
    "report-top-pages": {
        "en": ("The page with most findings", "The {n} pages with most findings"),
        "fr": ("La page la plus concernée", "Les {n} pages les plus concernées"),
    },
    "report-top-caption": {
        "en": "Pages with most findings",
        "fr": "Pages avec le plus de signalements",
    },
    "report-page": {"en": "Page", "fr": "Page"},
    "report-chart-families": {
        "en": "Bar chart: findings by rule family",
        "fr": "Diagramme en barres : signalements par famille de règles",
    },
    "report-chart-top": {
        "en": "Bar chart: pages with most findings",
        "fr": "Diagramme en barres : pages avec le plus de signalements",
    },
    "report-chart-severity": {
        "en": "Bar chart: findings by severity",
        "fr": "Diagramme en barres : signalements par gravité",
    },
    "report-chart-data": {
        "en": "The values of this chart are in the table below.",
        "fr": "Les valeurs de ce diagramme figurent dans le tableau qui suit.",
    },
    "report-by-page": {"en": "Findings by page", "fr": "Détail par page"},
    "report-pages-intro": {
        "en": "Each file with findings, in path order. A layout or an include is listed once, although every page that uses it shows the problem: fixing it there fixes them all.",
        "fr": "Chaque fichier ayant des signalements, dans l'ordre des chemins. Un gabarit (layout) ou un fragment (include) n'apparaît qu'une fois, alors que toutes les pages qui l'utilisent présentent le problème : le corriger à cet endroit le corrige partout.",
    },
    "report-source-file": {"en": "Source file", "fr": "Fichier source"},
    "report-kind": {"en": "Kind", "fr": "Type"},
    "kind-page": {"en": "page", "fr": "page"},
    "kind-plain": {"en": "page", "fr": "page"},
    "kind-document": {
        "en": "document of the “{collection}” collection",
        "fr": "document de la collection « {collection} »",
    },
    "kind-layout": {
        "en": "layout (used by pages)",
        "fr": "gabarit (layout, utilisé par des pages)",
    },
    "kind-include": {
        "en": "include (used by pages)",
        "fr": "fragment (include, utilisé par des pages)",
    },
    "kind-static": {"en": "file copied as is", "fr": "fichier copié tel quel"},
    "kind-skipped": {"en": "file not read", "fr": "fichier non lu"},
    "kind-other": {"en": "site file", "fr": "fichier du site"},
    "report-line": {"en": "Line", "fr": "Ligne"},
    "report-message": {"en": "Problem", "fr": "Problème"},
    "report-excerpt": {"en": "Source", "fr": "Code source"},
    "report-how-to-fix": {"en": "How to fix:", "fr": "Comment corriger :"},
    "report-rule-findings-caption": {
        "en": "{code} findings in {path}",
        "fr": "Signalements {code} dans {path}",
    },
    "report-no-findings": {
        "en": "No findings: the rules that ran found nothing to report in the files checked.",
        "fr": "Aucun signalement : les règles appliquées n'ont rien trouvé à signaler dans les fichiers vérifiés.",
    },
    "report-filter": {"en": "Filter the pages", "fr": "Filtrer les pages"},
    "report-filter-text": {
        "en": "Path, address or title contains",
        "fr": "Chemin, adresse ou titre contenant",
    },
    "report-filter-severity": {"en": "Severities shown", "fr": "Gravités affichées"},
    "report-filter-new": {
        "en": "Only pages with new findings",
        "fr": "Seulement les pages avec de nouveaux signalements",
    },
    "report-filter-status": {
        "en": ("{shown} of {total} pages shown.", "{shown} of {total} pages shown."),
        "fr": ("{shown} page affichée sur {total}.", "{shown} pages affichées sur {total}."),
    },
    "report-rules-ran": {"en": "Rules applied", "fr": "Règles appliquées"},
    "report-rules-intro": {
        "en": "Every rule of this check, with what it verifies and the RGAA and WCAG references it relates to. `betalint explain CODE` prints a rule's full description with examples.",
        "fr": "Toutes les règles de cette vérification, avec ce qu'elles contrôlent et les références RGAA et WCAG auxquelles elles se rapportent. `betalint explain CODE` affiche la fiche complète d'une règle, avec des exemples.",
    },
    "report-rules-caption": {"en": "Rules applied", "fr": "Règles appliquées"},
    "report-code": {"en": "Code", "fr": "Code"},
    "report-rule": {"en": "Rule", "fr": "Règle"},
    "report-checks": {"en": "What it checks", "fr": "Ce qu'elle vérifie"},
    "report-limits": {
        "en": "What this report cannot tell",
        "fr": "Ce que ce rapport ne peut pas dire",
    },
    "report-limits-1": {
        "en": "betalint reads the sources, not the pages as a browser shows them. It finds defects that can be seen in the text of the files; it cannot say that the site is accessible.",
        "fr": "betalint lit les sources, pas les pages telles qu'un navigateur les affiche. Il repère les défauts visibles dans le texte des fichiers ; il ne peut pas dire que le site est accessible.",
    },
    "report-limits-human": {
        "en": "These need a person:",
        "fr": "Ces points demandent une personne :",
    },
    "report-limits-alt": {
        "en": "whether a text alternative is relevant: only someone who sees the image and its context can tell whether it says what the image brings, or whether the image is decorative (criteria 1.2 and 1.3);",
        "fr": "la pertinence d'une alternative textuelle : seule une personne qui voit l'image et son contexte peut dire si elle transmet ce que l'image apporte, ou si l'image est décorative (critères 1.2 et 1.3) ;",
    },
    "report-limits-links": {
        "en": "whether a link text, a heading or a page title is explicit and relevant in its context (criteria 6.1, 8.6 and 9.1);",
        "fr": "le caractère explicite et pertinent d'un intitulé de lien, d'un titre ou d'un titre de page dans son contexte (critères 6.1, 8.6 et 9.1) ;",
    },
    "report-limits-render": {
        "en": "everything that depends on the rendered page: colour contrast, keyboard navigation and focus, zoom and reflow, scripts and interactive components, media, forms;",
        "fr": "tout ce qui dépend de la page affichée : contrastes de couleurs, navigation au clavier et focus, zoom et adaptation, scripts et composants interactifs, médias, formulaires ;",
    },
    "report-limits-dynamic": {
        "en": "values computed when the site is built (Liquid), which betalint leaves aside rather than guess.",
        "fr": "les valeurs calculées à la construction du site (Liquid), que betalint laisse de côté plutôt que de les deviner.",
    },
    "report-limits-audit": {
        "en": "The rules of this check relate to {n} of the 106 RGAA criteria. A conformity statement needs a full audit of a sample of pages against all criteria; this report helps prepare it and keep the sources clean between audits.",
        "fr": "Les règles de cette vérification se rapportent à {n} des 106 critères du RGAA. Une déclaration de conformité demande un audit complet d'un échantillon de pages sur l'ensemble des critères ; ce rapport aide à le préparer et à garder des sources propres entre deux audits.",
    },
    "report-footer": {
        "en": "Report produced by betalint {version} on {date}.",
        "fr": "Rapport produit par betalint {version} le {date}.",
    },
    "report-months": {
        "en": "January February March April May June July August September October November December",
        "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    },
    "report-date-format": {"en": "{day} {month} {year}", "fr": "{day} {month} {year}"},
    "report-back-to-top": {"en": "Back to contents", "fr": "Retour au sommaire"},
    "fixed": {
        "en": "{count} problem(s) fixed in {files} file(s).",
        "fr": "{count} problème(s) corrigé(s) dans {files} fichier(s).",
    },
    "help-fix": {
        "en": "Apply the safe automatic corrections some rules offer (files are rewritten).",
        "fr": "Appliquer les corrections automatiques sûres que proposent certaines règles (les fichiers sont réécrits).",
    },
    "help-dsfr-version": {
        "en": "DSFR version the site uses (default: read from node_modules, package-lock.json or package.json).",
        "fr": "Version du DSFR utilisée par le site (par défaut : lue dans node_modules, package-lock.json ou package.json).",
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
