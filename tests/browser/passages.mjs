// The parallel view's sentence pairs and the passage links, in headless Chromium.
// Prints JSON: what was marked on hover and on focus, the address the link copied,
// whether the other language's page scrolled to that passage, and where the language
// switcher led from a passage.
//
//   node tests/browser/passages.mjs http://127.0.0.1:PORT/ PATH SECTION-PASSAGE
//
// playwright-core is looked up in target/e2e (where .ci/run installs it).
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../target/e2e/package.json"));
const { chromium } = require("playwright-core");

const [origin, transcript, passage] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const result = {};
try {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const page = await context.newPage();
  await page.goto(`${origin}parallel/${transcript}/`);
  const marked = () => page.$$eval("[data-align].paired", (els) => els.map((e) => [e.dataset.align, e.closest("[lang]").lang]));
  const sentence = page.locator(`#${passage} .parallel-cell[lang^="zh"] [data-align]`).first();
  const value = await sentence.getAttribute("data-align");
  result.value = value;
  result.expected = await page.$$eval(`[data-align="${value}"]`, (els) => els.map((e) => [e.dataset.align, e.closest("[lang]").lang]));
  await sentence.hover();
  result.hovered = await marked();
  await page.mouse.move(0, 0);
  result.after_hover = await marked();
  await sentence.focus();
  result.focused = await marked();

  const en = await context.newPage();
  await en.goto(`${origin}en/${transcript}/`);
  await en.locator(`#${passage}`).hover();
  await en.locator(`#${passage} .passage-link`).click();
  result.copied = await en.evaluate(() => navigator.clipboard.readText());
  const zhAddress = result.copied.replace("/en/", "/zh/");
  const zh = await context.newPage();
  await zh.goto(zhAddress);
  result.zh_target = await zh.evaluate(() => {
    const t = document.querySelector(":target");
    if (!t) return null;
    const r = t.getBoundingClientRect();
    return { id: t.id, visible: r.top >= 0 && r.top < window.innerHeight };
  });
  await en.locator(".language-switcher a[hreflang^=zh]").click();
  await en.waitForLoadState("load");
  result.switched = new URL(en.url()).pathname + new URL(en.url()).hash;

  // The reader's parallel view: swap the columns, then hide one.
  const view = await context.newPage();
  await view.goto(`${origin}en/parallel/${transcript}/`);
  const row = `#${passage} > .parallel-cell`;
  const firstShown = () => view.$$eval(row, (cells) => {
    const shown = cells.filter((c) => getComputedStyle(c).display !== "none");
    shown.sort((a, b) => Number(getComputedStyle(a).order) - Number(getComputedStyle(b).order));
    return shown.map((c) => c.lang);
  });
  result.columns = await firstShown();
  await view.locator(".parallel-controls button").nth(0).click();
  result.swapped = await firstShown();
  await view.locator(".parallel-controls button").nth(0).click();
  await view.locator(".parallel-controls button").nth(2).click();
  result.one_hidden = await firstShown();
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
