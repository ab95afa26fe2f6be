"""The catalogue's example parser (Bad/Good sections of rules/*.md)."""

from __future__ import annotations

from betalint.catalogue import parse_examples


def test_headings_inside_fences_do_not_end_an_example():
    body = (
        "## Why it matters\n\nText.\n\n### Bad\n\n```md file=a.md\n# Title\n\n## Section\n```\n\n"
        "### Good\n\n```md file=a.md\n## Section\n```\n\n## Notes\n\n```md\nnot an example\n```\n"
    )
    examples = parse_examples(body)
    assert [e.kind for e in examples] == ["bad", "good"]
    assert examples[0].files[0][1] == "# Title\n\n## Section\n"
    assert examples[1].files == (("a.md", "## Section\n", "utf-8"),)
