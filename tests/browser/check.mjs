// Runs axe-core on built pages in headless Chromium, in the light and the dark colour scheme.
// Usage: node check.mjs CHROMIUM URL...   Prints one JSON line per violation of impact serious or
// critical (WCAG 2.0–2.2 A/AA rules) and exits 1 if there is any; 0 otherwise.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [executablePath, ...urls] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
});
let failures = 0;
try {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    for (const url of urls) {
      await page.goto(url, { waitUntil: "load" });
      await page.addScriptTag({ content: axeSource });
      const results = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }),
      );
      for (const v of results.violations) {
        if (v.impact !== "serious" && v.impact !== "critical") continue;
        failures++;
        const targets = v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + (n.failureSummary || "").split("\n").slice(1, 2).join(""));
        console.log(JSON.stringify({ url, scheme, id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets }));
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
