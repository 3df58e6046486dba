"""Fill English translations into locale/en/LC_MESSAGES/django.po from JSON maps (msgid → text).

    python scripts/po_apply.py map.json [more.json ...]

Entries that makemessages marked fuzzy (a guess from a similar old msgid) lose the flag and the
guess; every msgid found in a map gets its text. Run `make messages` afterwards to compile.
"""

import json
import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main(paths: list[str]) -> None:
    mapping = {}
    for path in paths:
        mapping.update(json.loads(Path(path).read_text(encoding="utf-8")))
    blocks = PO.read_text(encoding="utf-8").split("\n\n")
    out, filled = [], 0
    for block in blocks:
        lines = block.split("\n")
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        comments = [
            re.sub(r",\s*fuzzy", "", line) if line.startswith("#,") else line
            for line in lines
            if line.startswith("#") and not line.startswith("#|")
        ]
        comments = [c for c in comments if c.strip() != "#,"]
        fields, key = {}, None
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            if line.startswith('"'):
                fields[key] += json.loads(line)
            else:
                key, value = line.split(" ", 1)
                fields[key] = json.loads(value)
        msgid = fields.get("msgid")
        if not msgid or (not fuzzy and msgid not in mapping):
            out.append(block)
            continue
        text = mapping.get(msgid)
        body = [f"msgid {quote(msgid)}"]
        if "msgid_plural" in fields:
            forms = text if isinstance(text, list) else [text or "", text or ""]
            body.append(f"msgid_plural {quote(fields['msgid_plural'])}")
            body += [f"msgstr[{i}] {quote(f or '')}" for i, f in enumerate(forms)]
        else:
            body.append(f"msgstr {quote(text or '')}")
        filled += text is not None
        out.append("\n".join(comments + body))
    PO.write_text("\n\n".join(out), encoding="utf-8")
    print(f"filled {filled} entries")


if __name__ == "__main__":
    main(sys.argv[1:])
