// The finder (themes/default/static/find.js) in a real browser, as a reader uses it: on the built
// site opened from file:// and served over HTTP (a small static server of node:http over the same
// folder, started here). Usage:
//
//     node find.mjs CHROMIUM SITE_DIR SCENARIO...
//
// Prints what went wrong, one line per failed check, and exits 1 if anything did. Each scenario
// is named in tests/it/browser.rs after what the reader relies on.
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { statSync } from "node:fs";
import { extname, join, normalize } from "node:path";

const [executablePath, site, ...names] = process.argv.slice(2);
const failures = [];
let where = "";
function check(ok, what) {
  if (!ok) failures.push(`${where}: ${what}`);
}

// A static server of `site`, the way a CDN serves it.
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css", ".xml": "application/xml", ".svg": "image/svg+xml" };
const server = createServer(async (req, res) => {
  try {
    let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(site, path);
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
    res.end(await readFile(file));
  } catch {
    res.writeHead(404);
    res.end("not found");
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const bases = { "file://": "file://" + site + "/", http: `http://127.0.0.1:${server.address().port}/` };

const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
});

/** Opens `path` (with its query) and waits until the finder has answered. */
async function open(page, base, path) {
  await page.goto(base + path);
  await settled(page);
}
async function settled(page) {
  await page.waitForFunction(() => window.casebook && window.casebook.done, null, { timeout: 15000 });
  await page.waitForTimeout(50);
}
/** Runs `act` and waits for the finder's next answer. */
async function answer(page, act) {
  await page.evaluate(() => { window.casebook.done = null; });
  await act();
  await settled(page);
}
const results = (page) => page.$$eval("#finder-results:not([hidden]) li.case-card h3 a", (as) => as.map((a) => a.getAttribute("href").split("/cases/")[1].split("/")[0]));
const countText = (page) => page.$eval("#finder-count", (e) => e.textContent);
const number = (text) => Number((text.match(/\d+/) || ["NaN"])[0]);
async function search(page, base, lang, q) {
  await open(page, base, `${lang}/search/index.html?q=${encodeURIComponent(q)}`);
  return { ids: await results(page), count: number(await countText(page)) || 0, text: await countText(page) };
}
/** Every result of the current state: presses "show more" until all are listed. */
async function allResults(page) {
  for (;;) {
    const more = await page.$(".finder-more:not([hidden])");
    if (!more) return results(page);
    await answerMore(page, more);
  }
}
async function answerMore(page, button) {
  const before = (await results(page)).length;
  await button.click();
  await page.waitForFunction((n) => document.querySelectorAll("#finder-results li.case-card").length > n, before);
}
async function choose(page, facet, code) {
  await answer(page, () => page.selectOption(`select[name=${facet}]`, code));
}
const optionCounts = (page, facet) =>
  page.$$eval(`select[name=${facet}] option[data-label]`, (os) => os.map((o) => ({ code: o.value, n: Number(o.textContent.match(/\((\d+)\)$/)[1]), disabled: o.disabled })));

const scenarios = {
  // The browser folds and cuts a query exactly as the index was made: every case of the file
  // named by FOLD_CASES ({text, fold, tokens, shard} from the Rust functions) is checked.
  async "same-folding"(page, base) {
    const cases = JSON.parse(await readFile(process.env.FOLD_CASES, "utf8"));
    await open(page, base, "ja/search/index.html");
    const wrong = await page.evaluate((cases) => cases.filter((c) => {
      const t = window.casebook.text;
      return t.fold(c.text) !== c.fold || JSON.stringify(t.queryTokens(c.text)) !== JSON.stringify(c.tokens) || t.shardOf(c.text, 128) !== c.shard;
    }).map((c) => ({ text: c.text, rust: [c.fold, c.tokens, c.shard], browser: [window.casebook.text.fold(c.text), window.casebook.text.queryTokens(c.text), window.casebook.text.shardOf(c.text, 128)] })), cases);
    check(cases.length > 1000, `${cases.length} cases`);
    for (const w of wrong.slice(0, 10)) check(false, `differs: ${JSON.stringify(w)}`);
  },

  // Choosing a facet changes the counts of the others; a count is what choosing it gives; an
  // option that would give nothing is greyed out.
  async "combined-filters"(page, base) {
    await open(page, base, "ja/cases/index.html");
    const before = await optionCounts(page, "prefectures");
    await choose(page, "industries", "manufacturing");
    const industry = await allResults(page);
    check(industry.length > 0 && number(await countText(page)) === industry.length, "the count says how many are listed");
    const after = await optionCounts(page, "prefectures");
    check(JSON.stringify(before) !== JSON.stringify(after), "prefecture counts change with the industry");
    check(after.every((o) => o.disabled === (o.n === 0)), "options with 0 cases are disabled, the others not");
    const pick = after.find((o) => o.n > 0);
    await choose(page, "prefectures", pick.code);
    const both = await allResults(page);
    check(both.length === pick.n, `the option said ${pick.n}, choosing it lists ${both.length}`);
    check(both.every((id) => industry.includes(id)), "narrowing keeps only cases of the first choice");
    check(page.url().includes("industries=manufacturing") && page.url().includes("prefectures=" + pick.code), "both choices are in the address: " + page.url());
  },

  // 製造業 × 大阪府 has no case: the page offers the wider region and each choice alone.
  async "zero-result-way-out"(page, base) {
    await open(page, base, "ja/cases/index.html?industries=manufacturing&prefectures=osaka");
    check((await results(page)).length === 0, "no case is both");
    const ways = await page.$$eval(".finder-wayout a", (as) => as.map((a) => a.textContent));
    check(ways.some((w) => w.includes("近畿") && w.includes("製造業")), "widening the prefecture to its region is offered: " + ways);
    check(ways.some((w) => w.startsWith("大阪府")) && ways.some((w) => w.startsWith("製造業 ")), "dropping either choice is offered: " + ways);
    const region = await page.$$eval(".finder-wayout a", (as) => as.map((a) => a.textContent).find((t) => t.includes("近畿")));
    await answer(page, () => page.click(`.finder-wayout a:has-text("近畿")`));
    const listed = await allResults(page);
    check(listed.length === number(region), `the way out said ${region}, it lists ${listed.length}`);
    check(page.url().includes("regions=kinki") && !page.url().includes("prefectures="), "the address follows: " + page.url());
  },

  // Filter, open a case, come back: the list is still filtered.
  async "filters-survive-back"(page, base) {
    await open(page, base, "ja/cases/index.html");
    await choose(page, "incidents", "ransomware");
    const filtered = await allResults(page);
    await page.click("#finder-results li.case-card h3 a");
    await page.waitForLoadState("load");
    check(page.url().includes("/cases/ipa") || page.url().includes("/cases/"), "a case opened");
    await page.goBack();
    await settled(page);
    check(page.url().includes("incidents=ransomware"), "the address keeps the filter: " + page.url());
    check((await page.$eval("select[name=incidents]", (s) => s.value)) === "ransomware", "the menu shows it");
    const again = await allResults(page);
    check(JSON.stringify(again) === JSON.stringify(filtered), `the same ${filtered.length} cases are listed, not ${again.length}`);
    await page.goForward();
    await page.goBack();
    await settled(page);
    check(page.url().includes("incidents=ransomware"), "and after Forward and Back again");
  },

  // The language link keeps the filters and the query.
  async "language-link-keeps-state"(page, base) {
    await open(page, base, "ja/search/index.html");
    await answer(page, async () => { await page.fill("#finder-q", "バックアップ"); await page.press("#finder-q", "Enter"); });
    await choose(page, "industries", "manufacturing");
    const href = await page.$eval("a.lang-switch", (a) => a.getAttribute("href"));
    check(href.includes("industries=manufacturing") && href.includes("q="), "the link carries the state: " + href);
    await page.click("a.lang-switch");
    await settled(page);
    check(page.url().includes("/en/search/"), "the English search page opened: " + page.url());
    check((await page.$eval("select[name=industries]", (s) => s.value)) === "manufacturing", "with the industry chosen");
    check((await page.$eval("#finder-q", (i) => i.value)) === "バックアップ", "and the query filled in");
  },

  // Results show an excerpt around the match in the text, with the words marked.
  async "excerpts-with-marks"(page, base) {
    for (const [lang, q, word] of [["ja", "USB", "USB"], ["ja", "取引先", "取引先"], ["en", "backups", "backup"]]) {
      await search(page, base, lang, q);
      const cards = await page.$$eval("#finder-results li.case-card", (lis) => lis.map((li) => ({
        marks: Array.from(li.querySelectorAll("mark")).map((m) => m.textContent),
        snippet: !!li.querySelector(".snippet mark"),
        head: !!li.querySelector("h3 mark, .summary mark"),
      })));
      check(cards.length > 0, `${q}: results`);
      check(cards.every((c) => c.snippet || c.head), `${q}: every result shows where it matches`);
      check(cards.filter((c) => !c.head).every((c) => c.snippet), `${q}: a match only in the text gets an excerpt`);
      check(cards.every((c) => c.marks.every((m) => m.toLowerCase().startsWith(word.toLowerCase().slice(0, 4)))), `${q}: marks are the query's words: ${cards.map((c) => c.marks).flat().slice(0, 8)}`);
    }
  },

  // What a Japanese reader types for the same word finds the same cases.
  async normalisation(page, base) {
    const same = [
      ["ウイルス", "ウィルス", "うぃるす", "ｳｨﾙｽ"],
      ["ランサムウェア", "ランサムウエア", "ﾗﾝｻﾑｳｪｱ", "らんさむうぇあ"],
      ["サーバ", "サーバー"],
      ["USB", "ＵＳＢ", "usb"],
    ];
    for (const group of same) {
      const first = await search(page, base, "ja", group[0]);
      check(first.count > 0, `${group[0]} finds cases`);
      for (const variant of group.slice(1)) {
        const r = await search(page, base, "ja", variant);
        check(r.count === first.count && JSON.stringify(r.ids) === JSON.stringify(first.ids), `${variant} finds what ${group[0]} finds (${r.count} vs ${first.count})`);
      }
    }
  },

  // One kanji is a query.
  async "single-kanji"(page, base) {
    const r = await search(page, base, "ja", "鍵");
    check(r.count > 0, "鍵 finds cases: " + r.text);
    const marks = await page.$$eval("#finder-results mark", (ms) => ms.map((m) => m.textContent));
    check(marks.length > 0 && marks.every((m) => m === "鍵"), "鍵 is marked: " + marks.slice(0, 5));
  },

  // A misspelt word matches nothing as written: the cases of the word meant are listed, the page
  // says so, and the word is a link that searches for it.
  async "typo-suggestion"(page, base) {
    for (const [lang, typo, word] of [["en", "ransomwre", "ransomware"], ["en", "bakcup", "backup"], ["ja", "ランサムウィア", "ランサムウェア"], ["ja", "バックアプ", "バックアップ"]]) {
      const r = await search(page, base, lang, typo);
      check(r.text.includes(typo), `${typo}: the page says nothing matches it as written (${r.text})`);
      const suggestion = await page.$(".did-you-mean a");
      const text = suggestion ? await suggestion.textContent() : "";
      check(text === word, `${typo}: suggests ${word}, not "${text}"`);
      const marks = await page.$$eval("#finder-results mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
      check(r.ids.length > 0 && marks.length > 0 && marks.every((m) => m.startsWith(word.toLowerCase().slice(0, 3))), `${typo}: the cases of ${word} are listed, marked: ${marks.slice(0, 4)}`);
      if (!suggestion) continue;
      await answer(page, () => suggestion.click());
      check(page.url().includes("q=" + encodeURIComponent(word)), `${typo}: the link searches for ${word}: ${page.url()}`);
      check((await countText(page)).match(/\d/) && (await results(page)).length === r.ids.length, `${typo}: with the same cases`);
    }
  },

  // Nonsense finds nothing and suggests nothing.
  async nonsense(page, base) {
    for (const [lang, q] of [["en", "qxzvjk"], ["ja", "ぬぬぬぬ"], ["en", "zebra piano"]]) {
      const r = await search(page, base, lang, q);
      check(r.count === 0 && r.ids.length === 0, `${q}: nothing (${r.text})`);
      check(!(await page.$(".did-you-mean a")), `${q}: no spelling is suggested`);
    }
  },

  // Results appear while typing, without Enter (an IME commits text the same way).
  async "as-you-type"(page, base) {
    await open(page, base, "en/search/index.html");
    await answer(page, () => page.type("#finder-q", "ranso", { delay: 40 }));
    const r = await results(page);
    check(r.length > 0, "a prefix of a word finds its cases while typing");
    const marks = await page.$$eval("#finder-results mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
    check(marks.some((m) => m.startsWith("ransom")), "and marks the words it begins: " + marks.slice(0, 4));
    check(page.url().includes("q=ranso"), "the query is in the address: " + page.url());
  },

  // A term page narrows within its term; the facet of the page is not offered again.
  async "term-page-preset"(page, base) {
    await open(page, base, "ja/industries/manufacturing/index.html");
    const total = await page.$$eval("#finder-static li.case-card", (l) => l.length);
    check(!(await page.$("select[name=industries]")), "no industry menu on an industry's page");
    const counts = await optionCounts(page, "incidents");
    const pick = counts.find((o) => o.n > 0);
    await choose(page, "incidents", pick.code);
    const listed = await allResults(page);
    check(listed.length === pick.n && listed.length <= total, `narrowed to ${pick.n} of the term's ${total}`);
    const wayOut = await page.$("#finder-static");
    check(await wayOut.evaluate((e) => e.hidden), "the page's own list gives way to the results");
  },

  // Bytes the first query loads: the finder, its metadata, the postings shards and the cases shown.
  async "bytes-per-query"(page, base) {
    for (const [lang, q] of [["ja", "ランサムウェア"], ["ja", "取引先 メール"], ["en", "ransomware backup"]]) {
      await search(page, base, lang, q);
      const loaded = await page.evaluate(() => window.casebook.loaded);
      const bytes = statSync(join(site, "static/find.js")).size + loaded.reduce((n, p) => n + statSync(join(site, "static/search", lang, p)).size, 0);
      check(loaded.includes("meta.js") && loaded.some((p) => p.startsWith("t/")), `${q}: loads the metadata and shards (${loaded})`);
      check(bytes <= 150 * 1024, `${q}: first query loads ${(bytes / 1024).toFixed(1)} KiB (budget 150 KiB)`);
    }
  },
};

try {
  for (const name of names) {
    if (!scenarios[name]) { failures.push(`no scenario ${name}`); continue; }
    for (const [protocol, base] of Object.entries(bases)) {
      where = `${name} (${protocol})`;
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on("pageerror", (e) => failures.push(`${where}: script error ${e.message}`));
      try {
        await scenarios[name](page, base);
      } catch (e) {
        failures.push(`${where}: ${e.message.split("\n")[0]}`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
for (const f of failures) console.log(f);
process.exit(failures.length ? 1 : 0);
