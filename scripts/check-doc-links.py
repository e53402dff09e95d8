#!/usr/bin/env python3
"""Run from the repository root: scripts/check-doc-links.py. Checks every relative link (and its #anchor) in README.md, docs/*.md, examples/**/*.md."""
import re, sys, pathlib, glob
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
files = [root/'README.md'] + sorted(root.glob('docs/*.md')) + sorted(root.glob('examples/**/*.md'))
link = re.compile(r'\[[^\]]*\]\(([^)\s]+)\)')
def anchors(md):
    out = set(re.findall(r'<a id="([^"]+)"', md))
    for line in md.splitlines():
        m = re.match(r'#+\s+(.*)', line)
        if m:
            t = m.group(1).strip().lower()
            t = re.sub(r'[^\w\- ]', '', t)   # GitHub: drop punctuation, keep word chars, - and space
            out.add(t.replace(' ', '-'))
    return out
bad = 0
for f in files:
    text = f.read_text()
    text_nocode = re.sub(r'```.*?```', '', text, flags=re.S)
    for target in link.findall(text_nocode):
        if re.match(r'^[a-z]+:', target): continue
        path, _, frag = target.partition('#')
        dest = (f.parent / path).resolve() if path else f
        if not dest.exists():
            print(f'{f.relative_to(root)}: missing {target}'); bad += 1; continue
        if frag and dest.suffix == '.md' and frag not in anchors(dest.read_text()):
            print(f'{f.relative_to(root)}: no anchor #{frag} in {dest.relative_to(root)}'); bad += 1
print(f'{len(files)} files checked, {bad} broken link(s)')
sys.exit(1 if bad else 0)
