// Runs axe-core, the accessibility engine browsers' own audit tools use, on each page
// of a served site in headless Chromium, in the light and the dark colour scheme, and
// prints, as JSON, what it finds per page and scheme: [{ id, impact, nodes }].
// A search page is checked with a query typed and its results shown.
//
//   node tests/browser/accessibility.mjs http://127.0.0.1:PORT/ zh/ en/search/ …
//
// playwright-core and axe-core are looked up in target/e2e (where .ci/run installs them).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../target/e2e/package.json"));
const { chromium } = require("playwright-core");
const axe = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [origin, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const found = {};
try {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    for (const address of pages) {
      const search = address.endsWith("search/");
      await page.goto(`${origin}${address}${search ? "?q=" + encodeURIComponent(address.startsWith("zh") ? "和平" : "peace") : ""}`);
      if (search) {
        await page.waitForFunction(() => document.querySelector(".search-status")?.textContent.trim(), null, { timeout: 10000 });
      }
      await page.addScriptTag({ content: axe });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      found[`${address} ${scheme}`] = result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
      }));
    }
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(found));
