// Measures casebook's search and Pagefind's on the same built site (prepared by bench/search.sh):
//
//     node bench/search.mjs CHROMIUM WORK_DIR QUERIES.json RUNS
//
// For every query of QUERIES.json and each engine, in a fresh browser context each run (nothing
// cached): the bytes the first query loads (the engine's script and index files, not the page),
// the time from opening the page to the first ten results with their excerpts, and — from every
// result, not only the first ten — recall and precision against the relevant cases, which are
// found by reading the same text of each case page that both engines index (see search.sh).
// Prints Markdown tables; medians over RUNS runs.
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { readFile, stat, readdir } from "node:fs/promises";
import { statSync } from "node:fs";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), "../tests/browser/package.json"));
const { chromium } = require("playwright-core");
const [executablePath, work, queriesFile, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 5);
const exclude = process.env.EXCLUDE;
const { queries } = JSON.parse(await readFile(queriesFile, "utf8"));

const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };
const server = createServer(async (req, res) => {
  try {
    let file = join(work, normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, ""));
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
    res.end(await readFile(file));
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const http = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"] });

// The relevant cases: the indexed text of every case page, read once.
const norm = (s) => s.normalize("NFKC").toLowerCase();
const texts = { ja: {}, en: {} };
{
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const lang of ["ja", "en"]) {
    for (const id of await readdir(join(work, "casebook", lang, "cases"))) {
      const file = join(work, "casebook", lang, "cases", id, "index.html");
      if (!(await stat(file).catch(() => null))) continue;
      await page.goto("file://" + file, { waitUntil: "domcontentloaded" });
      texts[lang][id] = norm(await page.evaluate((exclude) => {
        // In the page itself, not a detached copy: innerText then separates list items and
        // blocks as a reader sees them (textContent runs "Staff training" into "Phishing…").
        const main = document.querySelector("main");
        main.querySelectorAll(exclude).forEach((e) => e.remove());
        return main.innerText;
      }, exclude));
    }
  }
  await context.close();
}
function relevant(q) {
  if (!q.all) return new Set();
  const has = (text, form) => {
    const f = norm(form);
    if (q.lang === "ja") return text.includes(f);
    return new RegExp("(^|[^a-z0-9])" + f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).test(text);
  };
  return new Set(Object.entries(texts[q.lang]).filter(([, t]) => q.all.every((forms) => forms.some((f) => has(t, f)))).map(([id]) => id));
}
const idOf = (url) => (url.match(/\/cases\/([^/]+)\//) || [])[1];

async function casebook(q, protocol) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const base = protocol === "http" ? http + "casebook/" : "file://" + join(work, "casebook") + "/";
  await page.goto(`${base}${q.lang}/search/index.html?q=${encodeURIComponent(q.q)}`);
  await page.waitForFunction((text) => window.casebook && window.casebook.done && window.casebook.done.q === text, q.q.trim(), { timeout: 30000 });
  const r = await page.evaluate(() => ({ done: window.casebook.done, loaded: window.casebook.loaded, suggestion: (document.querySelector(".did-you-mean a") || {}).textContent || "" }));
  const bytes = statSync(join(work, "casebook/static/find.js")).size + r.loaded.reduce((n, p) => n + statSync(join(work, "casebook/static/search", q.lang, p)).size, 0);
  await context.close();
  return { ms: r.done.at, bytes, ids: r.done.ids, suggestion: r.suggestion };
}

async function pagefind(q, protocol, all) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const base = protocol === "http" ? http + "pagefind/" : "file://" + join(work, "pagefind") + "/";
  const loaded = [];
  page.on("response", async (res) => {
    if (res.url().includes("/pagefind/pagefind")) {
      try { loaded.push((await res.body()).length); } catch { /* a failed load counts nothing */ }
    }
  });
  await page.goto(`${base}pagefind-${q.lang}.html?q=${encodeURIComponent(q.q)}`);
  const done = await page.waitForFunction(() => window.pagefindDone, null, { timeout: 30000 }).then(() => page.evaluate(() => window.pagefindDone), () => ({ error: "no answer in 30 s" }));
  let ids = [];
  if (!done.error && all) {
    // Every result's address, for recall and precision (loads every fragment: not timed).
    const urls = await page.evaluate(async (text) => {
      const pf = await import("./pagefind/pagefind.js");
      const s = await pf.search(text);
      return Promise.all(s.results.map(async (r) => (await r.data()).url));
    }, q.q);
    ids = urls.map(idOf);
  }
  await page.waitForTimeout(100);
  await context.close();
  return { ms: done.at, bytes: loaded.reduce((a, b) => a + b, 0), ids, error: done.error };
}

const median = (xs) => { const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const rows = [];
for (const q of queries) {
  const rel = relevant(q);
  const row = { q, rel: rel.size };
  for (const [engine, protocol] of [["casebook", "file"], ["casebook", "http"], ["pagefind", "http"], ["pagefind", "file"]]) {
    const key = engine + " " + protocol;
    const timed = [];
    for (let i = 0; i < (protocol === "file" && engine === "pagefind" ? 1 : runs); i++) {
      timed.push(engine === "casebook" ? await casebook(q, protocol) : await pagefind(q, protocol, i === 0));
    }
    const first = timed[0];
    const found = new Set(first.ids);
    const hit = [...found].filter((id) => rel.has(id)).length;
    row[key] = {
      error: first.error,
      ms: median(timed.map((t) => t.ms)),
      bytes: median(timed.map((t) => t.bytes)),
      found: found.size,
      recall: rel.size ? hit / rel.size : found.size === 0 ? 1 : 0,
      precision: found.size ? hit / found.size : rel.size === 0 ? 1 : 0,
      suggestion: first.suggestion,
    };
  }
  rows.push(row);
  process.stderr.write(".");
}
process.stderr.write("\n");
await browser.close();
server.close();

const kib = (b) => (b / 1024).toFixed(1);
const pct = (x) => (isNaN(x) ? "–" : (100 * x).toFixed(0) + " %");
const engines = ["casebook file", "casebook http", "pagefind http"];
console.log("| query | kind | relevant | " + engines.map((e) => `${e}: found · recall · precision · KiB · ms`).join(" | ") + " |");
console.log("|---|---|---:|" + engines.map(() => "---|").join(""));
for (const r of rows) {
  const cells = engines.map((e) => {
    const x = r[e];
    if (x.error) return "fails: " + x.error.slice(0, 60);
    return `${x.found} · ${pct(x.recall)} · ${pct(x.precision)} · ${kib(x.bytes)} · ${x.ms.toFixed(0)}${e.startsWith("casebook") && r.q.meant ? (x.suggestion === r.q.meant ? " · suggests it" : " · no suggestion") : ""}`;
  });
  console.log(`| ${r.q.q} (${r.q.lang}) | ${r.q.kind} | ${r.rel} | ${cells.join(" | ")} |`);
}
console.log("");
console.log("| engine | median KiB per first query | median ms to first results | mean recall | mean precision | from file:// |");
console.log("|---|---:|---:|---:|---:|---|");
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
for (const e of [...engines, "pagefind file"]) {
  const xs = rows.map((r) => r[e]);
  const ok = xs.filter((x) => !x.error);
  if (!ok.length) { console.log(`| ${e} | – | – | – | – | fails: ${xs[0].error.slice(0, 80)} |`); continue; }
  console.log(`| ${e} | ${kib(median(ok.map((x) => x.bytes)))} | ${median(ok.map((x) => x.ms)).toFixed(0)} | ${pct(mean(ok.map((x) => x.recall)))} | ${pct(mean(ok.map((x) => x.precision)))} | ${e.endsWith("file") ? (ok.length === xs.length ? "works" : "fails") : "–"} |`);
}
