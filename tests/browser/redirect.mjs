// Opens each earlier address of a served site in headless Chromium and prints, as
// JSON, the path the browser ends up at once the redirect page has sent it on.
//
//   node tests/browser/redirect.mjs http://127.0.0.1:PORT/ zh/old/talk/ …
//
// playwright-core is looked up in target/e2e (where .ci/run installs it).
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../target/e2e/package.json"));
const { chromium } = require("playwright-core");

const [origin, ...olds] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const arrived = [];
try {
  const page = await browser.newPage();
  for (const old of olds) {
    await page.goto(`${origin}${old}`);
    // The refresh happens after the old page has loaded; wait until the new one has.
    await page.waitForURL((url) => !url.pathname.endsWith(`/${old}`), { timeout: 10000 });
    await page.waitForLoadState("load");
    arrived.push(new URL(page.url()).pathname);
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(arrived));
