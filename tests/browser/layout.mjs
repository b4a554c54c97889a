// The layout as a reader on a phone or a desktop sees it, measured in headless Chromium on the
// built site opened from file://. Usage:
//
//     node layout.mjs CHROMIUM SITE_DIR SCENARIO...
//
// Prints what went wrong, one line per failed check, and exits 1 if anything did. Each scenario
// is named in tests/it/browser.rs after what the reader relies on.
import { chromium } from "playwright-core";

const [executablePath, site, ...names] = process.argv.slice(2);
const failures = [];
let where = "";
function check(ok, what) {
  if (!ok) failures.push(`${where}: ${what}`);
}
const url = (path) => "file://" + site + "/" + path;
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
});

async function at(width, path, act) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  await page.goto(url(path), { waitUntil: "load" });
  where = `${path} at ${width} px`;
  try {
    await act(page);
  } finally {
    await context.close();
  }
}

const pages = (lang) => [`${lang}/index.html`, `${lang}/cases/ipa2017-001/index.html`, `${lang}/incidents/ransomware/index.html`, `${lang}/search/index.html`, `${lang}/cases/index.html`, `${lang}/overview/index.html`];

const scenarios = {
  // The header leaves the first screen of a phone to the content: at most 120 px, the language
  // link on the title's row, the menu folded (and it opens).
  async "header-height"() {
    for (const lang of ["ja", "en"]) {
      for (const path of pages(lang)) {
        await at(390, path, async (page) => {
          const m = await page.evaluate(() => {
            const box = (s) => document.querySelector(s)?.getBoundingClientRect();
            const h = box(".site-header"), title = box(".site-title"), lang = box(".lang-switch");
            return { height: h.height, titleTop: title.top, titleBottom: title.bottom, langTop: lang.top, langBottom: lang.bottom, nav: document.querySelector(".main-nav").checkVisibility() };
          });
          check(m.height <= 120, `header is ${m.height} px tall (at most 120)`);
          check(m.langTop < m.titleBottom && m.langBottom > m.titleTop, "the language link is beside the title");
          check(!m.nav, "the menu is folded");
          await page.click(".menu > summary");
          const links = await page.$$eval(".main-nav a", (as) => as.filter((a) => a.checkVisibility()).length);
          check(links >= 5, `the opened menu shows its links (${links})`);
        });
      }
      await at(1280, `${lang}/index.html`, async (page) => {
        const shown = await page.$$eval(".main-nav a", (as) => as.filter((a) => a.checkVisibility()).length);
        check(shown >= 5, `a desktop shows the menu without a click (${shown} links)`);
      });
    }
  },

  // What a finger taps is at least 44 px tall, and text fields and menus use 16 px text (iOS zooms
  // into smaller ones).
  async "tap-targets"() {
    for (const lang of ["ja", "en"]) {
      for (const path of [...pages(lang), `${lang}/industries/manufacturing/index.html`]) {
        await at(390, path, async (page) => {
          const small = await page.evaluate(() => {
            const out = [];
            const sel = "button, input, select, summary, .site-header a, .breadcrumbs a, .pager a, .related a, .site-footer a, .matrix a";
            for (const e of document.querySelectorAll(sel)) {
              const r = e.getBoundingClientRect();
              if (r.width === 0 || r.height === 0 || !e.checkVisibility() || e.closest(".visually-hidden") || e.closest(".skip-link") || e.classList.contains("skip-link")) continue;
              const style = getComputedStyle(e);
              if (r.height < 44 - 0.5) out.push(`${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 20)}" ${r.height.toFixed(1)} px tall`);
              if (/^(INPUT|SELECT)$/.test(e.tagName) && parseFloat(style.fontSize) < 16) out.push(`${e.tagName.toLowerCase()}#${e.id} text ${style.fontSize}`);
            }
            return out;
          });
          for (const s of small.slice(0, 8)) check(false, s);
        });
      }
    }
  },

  // The tile map fits a 360 px screen, every prefecture's tile inside it.
  async "map-fits"() {
    for (const path of ["ja/overview/index.html", "en/overview/index.html", "ja/index.html"]) {
      await at(360, path, async (page) => {
        const m = await page.evaluate(() => {
          const tiles = [...document.querySelectorAll(".chart-map rect.chart-tile")].map((r) => r.getBoundingClientRect());
          return { tiles: tiles.length, outside: tiles.filter((r) => r.left < 0 || r.right > window.innerWidth).length, scroll: document.documentElement.scrollWidth };
        });
        check(m.tiles === 47, `${m.tiles} tiles (47 prefectures)`);
        check(m.outside === 0, `${m.outside} tiles outside the screen`);
        check(m.scroll <= 360, `the page is ${m.scroll} px wide`);
      });
    }
  },

  // The matrix scrolls sideways inside its box; its row labels stay where they are; all columns
  // can be reached.
  async "matrix-scrolls"() {
    for (const lang of ["ja", "en"]) {
      await at(390, `${lang}/overview/index.html`, async (page) => {
        const m = await page.evaluate(async () => {
          const box = document.querySelector(".matrix-scroll");
          const label = box.querySelector("tbody th[scope=row]");
          const cols = box.querySelectorAll("thead th").length - 1;
          const before = label.getBoundingClientRect().left;
          const wide = box.scrollWidth > box.clientWidth;
          box.scrollLeft = box.scrollWidth;
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          const after = label.getBoundingClientRect().left;
          const last = box.querySelector("thead th:last-child").getBoundingClientRect();
          const boxRect = box.getBoundingClientRect();
          return { cols, wide, before, after, lastIn: last.right <= boxRect.right + 1 && last.left >= label.getBoundingClientRect().right - 1, page: document.documentElement.scrollWidth };
        });
        check(m.cols >= 8, `${m.cols} columns`);
        check(m.wide, "the matrix is wider than the phone and scrolls in its box");
        check(Math.abs(m.before - m.after) < 1, `row labels moved from ${m.before} to ${m.after} px`);
        check(m.lastIn, "scrolled to the end, the last column shows beside the labels");
        check(m.page <= 390, `the page itself is ${m.page} px wide`);
      });
    }
  },

  // A case page leads on: 3 to 5 related cases, each sharing an incident type (or, for a case
  // without an incident, being one too) and saying why; links to its terms' pages with counts.
  async "related-cases"() {
    for (const lang of ["ja", "en"]) {
      for (const id of ["ipa2017-001", "ipa2017-055", "ipa2024-meeting-03"]) {
        const path = `${lang}/cases/${id}/index.html`;
        await at(1280, path, async (page) => {
          const facts = async () => page.evaluate(() => ({
            incident: [...document.querySelectorAll(".fact-incidents a")].map((a) => a.getAttribute("href").split("/incidents/")[1]),
            profile: [...document.querySelectorAll(".fact-industries a, .fact-sizes a, .fact-regions a, .fact-prefectures a")].map((a) => a.getAttribute("href").split("/").slice(-3, -1).join("/")),
          }));
          const mine = await facts();
          const related = await page.$$eval(".related li:not(.more-links li)", (lis) => lis.filter((li) => !li.closest(".more-links")).map((li) => ({ href: li.querySelector("a").getAttribute("href"), why: li.querySelector(".why")?.textContent ?? "" })));
          check(related.length >= 3 && related.length <= 5, `${related.length} related cases`);
          const side = await page.evaluate(() => {
            const s = document.querySelector(".case-side").getBoundingClientRect();
            const p = document.querySelector(".prose").getBoundingClientRect();
            return s.left >= p.right;
          });
          check(side, "on a desktop the facts and related cases are beside the text");
          const more = await page.$$eval(".more-links a", (as) => as.map((a) => a.textContent));
          check(more.length >= 1 && more.every((t) => /\d/.test(t)), `links to the terms' pages with counts: ${more.join(" | ")}`);
          for (const r of related) {
            check(r.why.trim().length > 0, `${r.href} says why it is related`);
            await page.goto(new URL(r.href, url(path)).href);
            const theirs = await facts();
            await page.goto(url(path));
            const sameIncident = mine.incident.length === 0 ? theirs.incident.length === 0 : mine.incident.some((i) => theirs.incident.includes(i));
            const sameProfile = mine.profile.some((p) => theirs.profile.includes(p));
            check(sameIncident || sameProfile, `${r.href} shares an incident type (${mine.incident} / ${theirs.incident}) or the profile`);
          }
          if (related.length >= 3) {
            const first = related[0];
            await page.goto(new URL(first.href, url(path)).href);
            const theirs = await facts();
            await page.goto(url(path));
            check(mine.profile.some((p) => theirs.profile.includes(p)), `the first related case ${first.href} shares industry, size or region`);
          }
        });
      }
    }
  },
};

try {
  for (const name of names) {
    if (!scenarios[name]) {
      failures.push(`no scenario ${name}`);
      continue;
    }
    await scenarios[name]();
  }
} finally {
  await browser.close();
}
for (const f of failures) console.log(f);
process.exit(failures.length ? 1 : 0);
