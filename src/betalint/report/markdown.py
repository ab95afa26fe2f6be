"""The report as Markdown (GitHub-flavoured: tables), to paste in an issue, a wiki or a
pull request. Same sections as the HTML report; the tables stand in for the charts."""

from __future__ import annotations

import re

from betalint.report.model import SEVERITIES, Report
from betalint.report.texts import Texts

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_CODE = re.compile(r"`([^`]+)`")


def text(value: object) -> str:
    """Plain text in Markdown: specials escaped, one line (table cells)."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def code(value: str) -> str:
    """A code span holding ``value`` as is (pipes escaped for table cells)."""
    value = " ".join(value.split()).replace("|", "\\|")
    if not value:
        return ""
    run = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (run + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or run else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def rich(value: str) -> str:
    """Catalogue text: backticked parts stay code, the rest is plain text."""
    out, last = [], 0
    for m in _CODE.finditer(value):
        out.append(text(value[last : m.start()]))
        out.append(code(m.group(1)))
        last = m.end()
    out.append(text(value[last:]))
    return "".join(out)


def _table(head: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    lines = ["| " + " | ".join(head) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(head))) + "|")
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return [*lines, ""]


def render(r: Report) -> str:
    tx = Texts(r.lang)
    t, num = tx.t, tx.num
    out: list[str] = [f"# {text(t('report-title', site=r.site_name))}", ""]
    out += [text(t("report-lead", rgaa=r.rgaa_version)), ""]

    out += [f"## {t('report-summary')}", "", f"### {t('report-about')}", ""]
    facts = [(t("report-site"), text(r.site_name))]
    if r.site_url:
        facts.append((t("report-address"), f"<{r.site_url}>"))
    folder = code(r.root) + (f" ({t('report-mode-plain')})" if r.mode == "plain" else "")
    facts.append((t("report-source-folder"), folder))
    facts += [
        (t("report-date"), tx.date(r.date)),
        (t("report-tool"), f"betalint {r.version}"),
    ]
    if r.dsfr_version:
        facts.append((t("report-dsfr"), text(r.dsfr_version)))
    facts += [
        (t("report-standard"), f"[RGAA {r.rgaa_version}]({r.rgaa_url})"),
        (t("report-files-checked"), num(r.files_checked)),
        (t("report-pages-checked"), num(r.pages_checked)),
    ]
    out += [f"- **{k}** : {v}" if r.lang == "fr" else f"- **{k}**: {v}" for k, v in facts]
    out.append("")

    out += [f"### {t('report-key-figures')}", ""]
    figures = [
        (r.total, t("report-fig-findings", n=r.total)),
        (r.severity["error"], t("report-fig-errors", n=r.severity["error"])),
        (r.severity["warning"], t("report-fig-warnings", n=r.severity["warning"])),
    ]
    if r.severity["info"]:
        figures.append((r.severity["info"], t("report-fig-infos", n=r.severity["info"])))
    figures += [
        (
            r.pages_with_findings,
            t("report-fig-pages", n=r.pages_with_findings, total=num(r.pages_checked)),
        ),
        (
            r.criteria_with_findings,
            t("report-fig-criteria", n=r.criteria_with_findings, total=num(r.criteria_checked)),
        ),
    ]
    if r.baseline:
        figures.append((r.baseline["new"], t("report-fig-new", n=r.baseline["new"])))
    out += [f"- **{num(n)}** {label}" for n, label in figures]
    out.append("")
    if r.baseline:
        b = r.baseline
        line = t(
            "report-baseline",
            file=b["file"],
            new=num(b["new"]),
            known=num(b["known"]),
            fixed=num(b["fixed"]),
        )
        if b.get("only_new"):
            line += " " + t("report-only-new")
        out += [text(line), ""]
    if r.suppressed:
        out += [text(t("report-suppressed", n=r.suppressed)), ""]
    if r.errors:
        out += [text(t("report-errors")), "", *(f"- {code(e)}" for e in r.errors), ""]
    if r.notes:
        out += [f"### {t('report-notes')}", "", *(f"- {text(n)}" for n in r.notes), ""]

    out += [f"### {t('report-by-severity')}", "", text(t("report-severity-help")), ""]
    head = [t("report-severity"), t("report-findings")]
    rows = [[tx.severity(s), num(r.severity[s])] for s in SEVERITIES]
    out += _table(head, rows, {1})

    out += [
        f"## {t('report-by-criterion')}",
        "",
        text(t("report-criteria-intro", rgaa=r.rgaa_version)),
        "",
    ]
    if r.criteria:
        head = [
            t("report-criterion"),
            t("report-criterion-title"),
            t("report-level"),
            t("report-findings"),
            t("report-pages-affected"),
        ]
        if r.baseline:
            head.append(t("report-new"))
        head.append(t("report-rules"))
        rows = []
        for c in r.criteria:
            row = [
                f"[{c.number}]({r.rgaa_url}#{c.number})",
                text(c.title),
                c.level,
                num(c.findings),
                num(c.pages),
            ]
            if r.baseline:
                row.append(num(c.new))
            row.append(", ".join(f"**{x}**" if x in c.rules_with_findings else x for x in c.rules))
            rows.append(row)
        out += _table(head, rows, {3, 4, 5} if r.baseline else {3, 4})
        out += [text(t("report-several-criteria")), ""]
    else:
        out += [text(t("report-no-criteria")), ""]
    if r.no_criterion:
        out += [text(t("report-no-criterion", n=r.no_criterion)), ""]

    out += [f"## {t('report-by-family')}", ""]
    head = [t("report-family"), t("report-findings"), t("report-pages-affected")]
    head += [t("report-rules"), t("report-rgaa-criteria")]
    rows = [
        [text(f.label), num(f.findings), num(f.pages), ", ".join(f.rules), ", ".join(f.criteria)]
        for f in r.families
    ]
    out += _table(head, rows, {1, 2})

    if r.top_pages:
        out += [f"## {t('report-top-pages', n=len(r.top_pages))}", ""]
        head = [t("report-page"), t("report-findings"), *(tx.severity(s) for s in SEVERITIES)]
        rows = [
            [code(p.path), num(p.total), *(num(p.counts[s]) for s in SEVERITIES)]
            for p in r.top_pages
        ]
        out += _table(head, rows, {1, 2, 3, 4})

    out += [f"## {t('report-by-page')}", ""]
    if not r.pages:
        out += [text(t("report-no-findings")), ""]
    else:
        out += [text(t("report-pages-intro")), ""]
    colon = " :" if r.lang == "fr" else ":"
    for p in r.pages:
        out += [f"### {text(p.title or p.path)}", ""]
        out.append(f"- {t('report-source-file')}{colon} {code(p.path)}")
        if p.url:
            out.append(f"- {t('report-address')}{colon} [{text(p.url_label)}]({p.url})")
        out.append(f"- {t('report-kind')}{colon} {text(tx.kind(p))}")
        counts = ", ".join(
            f"{tx.severity(s).lower()} {num(p.counts[s])}" for s in SEVERITIES if p.counts[s]
        )
        out += [f"- {t('report-findings')}{colon} {num(p.total)} ({counts})", ""]
        for g in p.groups:
            rgaa = f" — RGAA {', '.join(g.rgaa)}" if g.rgaa else ""
            out += [f"#### {g.rule} {g.name} ({tx.severity(g.severity).lower()}){rgaa}", ""]
            if g.hint:
                out += [f"**{t('report-how-to-fix')}** {rich(g.hint)}", ""]
            head = [t("report-line"), t("report-message"), t("report-excerpt")]
            rows = []
            for it in g.items:
                badge = f"**{t('report-new-badge')}** " if it.new else ""
                rows.append([str(it.line), badge + rich(it.message), code(it.excerpt)])
            out += _table(head, rows, {0})

    out += [f"## {t('report-rules-ran')}", "", rich(t("report-rules-intro")), ""]
    head = [
        t("report-code"),
        t("report-rule"),
        t("report-family"),
        t("report-severity"),
        t("report-checks"),
        "RGAA",
        "WCAG",
        t("report-findings"),
    ]
    rows = [
        [
            rule.code,
            code(rule.name),
            text(tx.family(rule.family)),
            tx.severity(rule.severity),
            rich(rule.summary),
            ", ".join(rule.rgaa),
            ", ".join(rule.wcag),
            num(rule.findings),
        ]
        for rule in r.rules
    ]
    out += _table(head, rows, {7})

    out += [f"## {t('report-limits')}", "", text(t("report-limits-1")), ""]
    out += [text(t("report-limits-human")), ""]
    for key in ("alt", "links", "render", "dynamic"):
        out.append(f"- {text(t('report-limits-' + key))}")
    out += ["", text(t("report-limits-audit", n=r.criteria_checked)), ""]
    out += ["---", "", text(t("report-footer", version=r.version, date=tx.date(r.date))), ""]
    return "\n".join(out)
