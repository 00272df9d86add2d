"""Write docs/rules/: one Markdown page per rule, generated from the rule packs.

    .venv/bin/python scripts/make_rule_pages.py

Run it after editing a rule's docs in rules/*.yaml; tests/test_rule_pages.py fails
while a page is out of date. Pages of removed rules are deleted.
"""

from __future__ import annotations

from pathlib import Path

from vetlint.engine.docs import expected_pages

OUT = Path(__file__).resolve().parents[1] / "docs" / "rules"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    pages = expected_pages()
    for old in OUT.glob("*.md"):
        if old.name not in pages:
            old.unlink()
    for name, text in pages.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {OUT}")


if __name__ == "__main__":
    main()
