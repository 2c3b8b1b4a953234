"""Print the golden documents with the code of another commit (the "before").

    git -C /work/main worktree add /tmp/head5bfe 5bfe8c3
    (cd /tmp/head5bfe && ../../work/main/.venv/bin/pybabel compile -d caseflow/translations)
    PYTHONPATH=/tmp/head5bfe .venv/bin/python tests/pdf/golden/make.py render /tmp/before
    PYTHONPATH=. .venv/bin/python tests/pdf/golden/make.py golden /tmp/before
    git -C /work/main worktree remove --force /tmp/head5bfe

(the .mo catalogues are not committed, hence the compile.) `render` prints each document
of documents.py in reportlab's invariant mode with whatever `caseflow` is first on the
path, and says which; `golden` reads those PDFs with this tree's tests/pdf/glyphs.py and
writes golden.json: every printed line (words and their places) of the documents in
FULL, and for every document the SHA-256 of its word positions and of its bytes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The documents the review measured moving: their every line is kept, for a readable diff.
FULL = ("certificate-istanbul_report-fr", "certificate-follow_up_attestation-en",
        "referral-letter-fr")


def _documents():
    """documents.py by its path: the commit printing may have no tests/pdf at all."""
    spec = importlib.util.spec_from_file_location("golden_documents", HERE / "documents.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render(out: Path) -> None:
    from reportlab import rl_config

    import caseflow
    import caseflow.pdf

    print("caseflow from", Path(caseflow.__file__).parent, file=sys.stderr)
    isolate = getattr(caseflow.pdf, "isolate", lambda value: value)
    out.mkdir(parents=True, exist_ok=True)
    invariant, rl_config.invariant = rl_config.invariant, 1
    try:
        for name, make in _documents().documents(isolate).items():
            (out / f"{name}.pdf").write_bytes(make())
    finally:
        rl_config.invariant = invariant


def digest(value) -> str:
    """The SHA-256 of a JSON value (word positions) or of bytes (a PDF)."""
    data = value if isinstance(value, bytes) else json.dumps(value, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()


def golden(pdfs: Path) -> None:
    from caseflow.pdf import register_fonts
    from tests.pdf.glyphs import printed_lines, words

    register_fonts()
    table: dict = {"lines": {}, "words_sha256": {}, "pdf_sha256": {}}
    for pdf in sorted(pdfs.glob("*.pdf")):
        data = pdf.read_bytes()
        table["words_sha256"][pdf.stem] = digest(words(data))
        table["pdf_sha256"][pdf.stem] = digest(data)
        if pdf.stem in FULL:
            table["lines"][pdf.stem] = printed_lines(data)
    # One printed line a line of the file: a change shows as a readable diff.
    docs = ",\n".join(f" {json.dumps(name)}: [\n" + ",\n".join(
        f"  {json.dumps(line, ensure_ascii=False)}" for line in found) + "\n ]"
        for name, found in table.pop("lines").items())
    rest = json.dumps(table, indent=1)[1:]
    (HERE / "golden.json").write_text('{"lines": {\n' + docs + "\n},\n" + rest + "\n",
                                      encoding="utf-8")


if __name__ == "__main__":
    {"render": render, "golden": golden}[sys.argv[1]](Path(sys.argv[2]))
