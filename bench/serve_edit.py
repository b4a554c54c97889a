#!/usr/bin/env python3
"""Time from saving an edited case to the changed page being served by `casebook serve`.

    bench/serve_edit.py CORPUS_DIR [EDITS] [PAUSE]

CORPUS_DIR is a casebook project (e.g. the casebook/ folder written by examples/gen_corpus); it
is copied first, so the corpus is not modified. Each edit changes one case's English title; the
time runs from the file write until GET of that case's English page returns the new title, and
until the first page of a term list that shows the case does. PAUSE (default 2.5 s) is the time
between edits: with 2.5 s the second phase (search index, counts) finishes between edits; with
0.4 s every edit arrives while the second phase of the one before is running. Prints the median,
and serve's own report of how long its first (pages) and second phases took."""
import http.client, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time

def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path)
    r = c.getresponse()
    return r.status, r.read().decode("utf-8", "replace")

def main():
    corpus, edits = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 15
    pause = float(sys.argv[3]) if len(sys.argv) > 3 else 2.5
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.environ.get("CASEBOOK") or os.path.join(repo, "target/release/casebook")
    work = tempfile.mkdtemp(prefix="casebook-serve-bench-")
    root = os.path.join(work, "site")
    shutil.copytree(corpus, root, ignore=shutil.ignore_patterns("public"))
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    log = open(os.path.join(work, "serve.log"), "w")
    proc = subprocess.Popen([binary, "serve", "--root", root, "--port", str(port)], stderr=log, stdout=log)
    try:
        start = time.time()
        while True:
            try:
                if get(port, "/en/index.html")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        print(f"initial build and start: {time.time() - start:.1f} s")
        cases = sorted(f for f in os.listdir(os.path.join(root, "content/cases")) if f.endswith(".md"))
        page_times, list_times = [], []
        for i in range(edits):
            name = cases[(i * 7919) % len(cases)]
            case_id = name[:-3]
            path = os.path.join(root, "content/cases", name)
            text = open(path, encoding="utf-8").read()
            marker = f"edited-{i}-{time.time_ns()}"
            new = re.sub(r'(title: \{ja: "[^"]*", en: ")', r"\g<1>" + marker + " ", text, count=1)
            measure = re.search(r"measures: \[([a-z0-9-]+)", text).group(1)
            # The term list page that shows the case, found before the edit (a title edit does not
            # move the case to another page), so that the loop below asks for two pages only:
            # asking for every page of the list each time loaded serve while it was being timed.
            list_path = None
            for n in range(1, 400):
                p = f"/en/measures/{measure}/index.html" if n == 1 else f"/en/measures/{measure}/page/{n}/index.html"
                status, body = get(port, p)
                if status != 200:
                    break
                if f"/{case_id}/" in body:
                    list_path = p
                    break
            assert list_path, f"no page of {measure} lists {case_id}"
            t0 = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
            page = list_page = None
            while page is None or list_page is None:
                now = time.perf_counter()
                if page is None and marker in get(port, f"/en/cases/{case_id}/index.html")[1]:
                    page = now - t0
                if list_page is None and marker in get(port, list_path)[1]:
                    list_page = time.perf_counter() - t0
                time.sleep(0.002)
            page_times.append(page * 1000)
            list_times.append(list_page * 1000)
            time.sleep(pause)  # a person saves every few seconds
        print(f"edit → case page served: median {statistics.median(page_times):.0f} ms "
              f"(min {min(page_times):.0f}, max {max(page_times):.0f}) over {edits} edits")
        print(f"edit → term list page served: median {statistics.median(list_times):.0f} ms "
              f"(min {min(list_times):.0f}, max {max(list_times):.0f})")
    finally:
        proc.terminate()
        proc.wait()
        log.close()
        phase1 = [int(m) for m in re.findall(r"updated \d+ files for .* in (\d+) ms", open(os.path.join(work, "serve.log")).read())]
        phase2 = [int(m) for m in re.findall(r"updated \d+ search, list and booklet files in (\d+) ms", open(os.path.join(work, "serve.log")).read())]
        if phase1:
            print(f"serve's phase 1 (changed pages): median {statistics.median(phase1)} ms; "
                  f"phase 2 (search index, counts): median {statistics.median(phase2) if phase2 else 0} ms")
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
