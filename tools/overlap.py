#!/usr/bin/env python3
"""The longest run of characters each content file shares with the source documents.

casebook's texts must be written anew from the facts of the sources, never pasted (README,
"Content"). This prints, for every file under content/ (cases, pages, taxonomies.yaml), the longest
run it shares with any source, with whitespace ignored on both sides (the sources are PDF
extractions whose line breaks fall anywhere). Exit status 1 when a run reaches --limit.

  tools/overlap.py [--sources DIR] [--limit 40] [--top 10] [FILES...]

Names and document titles, which must be quoted exactly, are listed in tools/overlap-names.txt
(one per line); they are cut out of the content before comparing, so a run cannot pass through them.
"""
import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def squeeze(text):
    return re.sub(r"\s+", "", text)


class Automaton:
    """A suffix automaton of the sources: finds the longest common substring in linear time."""

    def __init__(self, text):
        self.next = [{}]
        self.link = [-1]
        self.length = [0]
        last = 0
        for ch in text:
            cur = len(self.next)
            self.next.append({})
            self.length.append(self.length[last] + 1)
            self.link.append(0)
            p = last
            while p != -1 and ch not in self.next[p]:
                self.next[p][ch] = cur
                p = self.link[p]
            if p != -1:
                q = self.next[p][ch]
                if self.length[p] + 1 == self.length[q]:
                    self.link[cur] = q
                else:
                    clone = len(self.next)
                    self.next.append(dict(self.next[q]))
                    self.length.append(self.length[p] + 1)
                    self.link.append(self.link[q])
                    while p != -1 and self.next[p].get(ch) == q:
                        self.next[p][ch] = clone
                        p = self.link[p]
                    self.link[q] = clone
                    self.link[cur] = clone
            last = cur

    def longest(self, text):
        """(length, end index in text) of the longest substring of `text` found in the sources."""
        state, run, best, end = 0, 0, 0, 0
        for i, ch in enumerate(text):
            while state and ch not in self.next[state]:
                state = self.link[state]
                run = self.length[state]
            if ch in self.next[state]:
                state = self.next[state][ch]
                run += 1
            if run > best:
                best, end = run, i + 1
        return best, end


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", default=str(ROOT.parent / "shared" / "sources"))
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--top", type=int, default=10, help="how many files to list (longest runs first)")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    sources = sorted(pathlib.Path(args.sources).glob("*.txt"))
    if not sources:
        sys.exit(f"no source documents (*.txt) in {args.sources}")
    # A separator that occurs in no text keeps runs from spanning two sources.
    sam = Automaton("\x00".join(squeeze(p.read_text(encoding="utf-8")) for p in sources))
    files = [pathlib.Path(f) for f in args.files] or sorted(
        list((ROOT / "content/cases").rglob("*.md"))
        + list((ROOT / "content/pages").rglob("*.md"))
        + [ROOT / "content/taxonomies.yaml"]
    )
    names_file = ROOT / "tools/overlap-names.txt"
    names = [squeeze(l) for l in names_file.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    names.sort(key=len, reverse=True)
    results = []
    for path in files:
        text = squeeze(path.read_text(encoding="utf-8"))
        for name in names:
            text = text.replace(name, "\x01")
        n, end = sam.longest(text)
        results.append((n, path, text[end - n:end]))
    results.sort(key=lambda r: (-r[0], str(r[1])))
    for n, path, run in results[: args.top]:
        shown = path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path
        print(f"{n:4d}  {shown}  {run}")
    worst = results[0][0] if results else 0
    if worst >= args.limit:
        print(f"a run of {worst} characters reaches the limit of {args.limit}: rewrite it", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
