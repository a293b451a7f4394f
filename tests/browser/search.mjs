// Opens the search page of a served site in headless Chromium for each query, presses
// "more results" until every result is shown, and prints, as JSON, the results in the
// order shown, each marked when the page calls it a partial match:
// {"zh 一带一路": [["/zh/…/", false], …], …}.
//
//   node tests/browser/search.mjs http://127.0.0.1:PORT/ zh:一带一路 en:Africa …
//
// playwright-core is looked up in target/e2e (where .ci/run installs it).
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../target/e2e/package.json"));
const { chromium } = require("playwright-core");

const [origin, ...queries] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const found = {};
try {
  const page = await browser.newPage();
  for (const item of queries) {
    const [lang, query] = [item.slice(0, item.indexOf(":")), item.slice(item.indexOf(":") + 1)];
    await page.goto(`${origin}${lang}/search/?q=${encodeURIComponent(query)}`);
    // The status line changes from "searching" once the results are in.
    await page.waitForFunction(() => {
      const s = document.querySelector(".search-status");
      return s && s.textContent && s.textContent !== document.currentScript?.dataset?.searching &&
        !/正在搜索|Searching/.test(s.textContent);
    }, null, { timeout: 20000 });
    while (await page.locator(".search-more").isVisible()) {
      const before = await page.locator(".search-results > li").count();
      await page.locator(".search-more").click();
      await page.waitForFunction((n) => document.querySelectorAll(".search-results > li").length > n, before);
    }
    found[`${lang} ${query}`] = await page.$$eval(".search-results > li", (cards) =>
      cards.map((c) => [new URL(c.querySelector("h2 a").href).pathname, !!c.querySelector(".partial")]));
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(found));
