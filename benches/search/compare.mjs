// diptych's search and Pagefind's, on the same section pages of a built site, in
// headless Chromium: recall, precision, the rank of the best section, latency and
// bytes per query, class by class. Run through benches/search/run.sh, which builds the
// site, indexes it with Pagefind and serves it.
//
//   node benches/search/compare.mjs ORIGIN SITE_DIR QUERIES_PER_CLASS
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../target/e2e/package.json"));
const { chromium } = require("playwright-core");
const [origin, site, perClassArg] = process.argv.slice(2);
const perClass = Number(perClassArg || 25);

// Ground truth: the text of every section page, as a reader would read it.
function sections(lang) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === "index.html") {
        const html = fs.readFileSync(p, "utf8");
        const at = html.indexOf('<article class="section-page"');
        if (at < 0) continue;
        // The heading and the turns: what both engines index of a section page.
        const article = html.slice(at, html.indexOf('<aside class="translations"', at));
        const heading = (article.match(/<h1>([\s\S]*?)<\/h1>/) || ["", ""])[1];
        const body = heading + "\n" + article.slice(article.indexOf("</header>"));
        const text = body.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
        out.push({ url: "/" + path.relative(site, path.dirname(p)) + "/", text, bare: bare(text), words: words(text) });
      }
    }
  };
  walk(path.join(site, lang));
  return out;
}
const bare = (t) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
const words = (t) => t.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w);
let seed = 7;
const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
const t2s = JSON.parse(fs.readFileSync(path.join(site, "search/t2s.json"), "utf8"));
const s2t = Object.fromEntries(Object.entries(t2s).map(([t, s]) => [s, t]));

const pick = (xs) => xs[rand(xs.length)];
// How often a section has the query: Chinese as written (punctuation aside), English
// as words starting with it.
const occurrences = (lang, section, q) =>
  lang === "zh" ? section.bare.split(bare(q)).length - 1 : section.words.filter((w) => w.startsWith(q)).length;
// The section with the query clearly most often (two more than any other), if any.
function clearBest(pool, lang, q) {
  const counts = pool.map((s) => [s.url, occurrences(lang, s, q)]).sort((a, b) => b[1] - a[1]);
  return counts.length > 1 && counts[0][1] > counts[1][1] + 1 ? counts[0][0] : null;
}

function queries(zh, en) {
  const out = [];
  const hanRun = (len) => {
    for (;;) {
      const t = zh[rand(zh.length)].bare;
      const at = rand(Math.max(1, t.length - len));
      const run = t.slice(at, at + len);
      if (run.length === len && /^[\u4e00-\u9fff]+$/.test(run)) return run;
    }
  };
  const contains = (needle) => (section) => section.bare.includes(needle);
  const prefixed = (p) => (section) => section.words.some((w) => w.startsWith(p));
  for (let i = 0; i < perClass; i++) {
    const run = hanRun(2 + (i % 5));
    out.push({ cls: "zh substring", lang: "zh", q: run, match: contains(run) });
    out.push({ cls: "zh spaced", lang: "zh", q: [...run].join(" "), match: contains(run) });
    const trad = [...run].map((c) => s2t[c] || c).join("");
    if (trad !== run) out.push({ cls: "zh Traditional", lang: "zh", q: trad, match: contains(run) });
    const one = hanRun(1);
    out.push({ cls: "zh one character", lang: "zh", q: one, match: contains(one) });
    const ws = en[rand(en.length)].words.filter((w) => w.length >= 6 && /^[a-z]+$/.test(w));
    if (ws.length) {
      const w = ws[rand(ws.length)];
      out.push({ cls: "en word", lang: "en", q: w, match: prefixed(w) });
      const p = w.slice(0, 4);
      out.push({ cls: "en prefix", lang: "en", q: p, match: prefixed(p) });
    }
  }
  // Queries one section clearly has most often: where does each engine put it?
  for (const [lang, pool] of [["zh", zh], ["en", en]]) {
    for (let found = 0, tries = 0; found < perClass && tries < 200 * perClass; tries++) {
      const q = lang === "zh" ? hanRun(2 + (tries % 3)) : pick(pick(pool).words);
      if (lang === "en" && !(q && q.length >= 5 && /^[a-z]+$/.test(q))) continue;
      if (clearBest(pool, lang, q)) {
        out.push({ cls: `${lang} ranked`, lang, q, match: lang === "zh" ? contains(q) : prefixed(q) });
        found++;
      }
    }
  }
  out.push({ cls: "nothing", lang: "zh", q: "龘靐", match: () => false });
  out.push({ cls: "nothing", lang: "en", q: "zxqvj", match: () => false });
  return out;
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const measure = async (fn, counted) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  let bytes = 0;
  page.on("response", async (r) => {
    if (!counted(new URL(r.url()).pathname)) return;
    try { bytes += (await r.body()).length; } catch { /* a redirect has no body */ }
  });
  const started = Date.now();
  // Time and bytes up to the first page of results; what follows is only for recall.
  let first = null;
  const result = await fn(page, () => {
    first = { ms: Date.now() - started, bytes };
    return first.ms;
  });
  await context.close();
  return { ...result, bytes: first.bytes };
};

async function diptych(q) {
  return measure(async (page, elapsed) => {
    await page.goto(`${origin}${q.lang}/search/?q=${encodeURIComponent(q.q)}`);
    await page.waitForFunction(() => {
      const s = document.querySelector(".search-status");
      return s && s.textContent && !/正在搜索|Searching/.test(s.textContent);
    }, null, { timeout: 60000 });
    await page.waitForTimeout(50);
    const ms = elapsed();
    for (let i = 0; i < 10 && (await page.locator(".search-more").isVisible()); i++) {
      const before = await page.locator(".search-results > li").count();
      await page.locator(".search-more").click();
      await page.waitForFunction((n) => document.querySelectorAll(".search-results > li").length > n, before);
    }
    const shown = await page.$$eval(".search-results > li", (cs) =>
      cs.map((c) => [new URL(c.querySelector("h2 a").href).pathname, !!c.querySelector(".partial")]));
    return { ms, urls: shown.filter(([, partial]) => !partial).map(([u]) => u) };
  }, (p) => p.includes("/search/") && !p.endsWith("/search/"));
}

async function pagefind(q) {
  return measure(async (page, elapsed) => {
    await page.goto(`${origin}pagefind-${q.lang}.html`);
    await page.waitForFunction(() => window.ready === true);
    const found = await page.evaluate((query) => window.pagefindSearch(query), q.q);
    await page.waitForTimeout(50);
    return { ms: elapsed(), urls: found.urls };
  }, (p) => p.startsWith("/pagefind/"));
}

const zh = sections("zh");
const en = sections("en");
const all = queries(zh, en);
const rows = {};
for (const q of all) {
  const pool = q.lang === "zh" ? zh : en;
  const expected = new Set(pool.filter((s) => q.match(s)).map((s) => s.url));
  const best = clearBest(pool, q.lang, q.q);
  for (const [name, engine] of [["diptych", diptych], ["Pagefind", pagefind]]) {
    const r = await engine(q);
    const key = `${q.cls} | ${name}`;
    const row = (rows[key] ??= { right: 0, expected: 0, shown: 0, ms: [], kb: [], best: 0, ranked: 0 });
    // What each lists (Pagefind's first 50 here, diptych's first eleven pages of 20):
    // recall counts only what a list that long can hold. diptych also finds
    // transcripts by their titles and prefaces; those take places in its list
    // and are not counted for or against it.
    const shown = r.urls.filter((u) => pool.some((s) => s.url === u));
    const cap = (name === "diptych" ? 220 : 50) - (r.urls.length - shown.length);
    row.right += Math.min(cap, shown.filter((u) => expected.has(u)).length);
    row.expected += Math.min(expected.size, cap);
    row.shown += shown.length;
    row.ms.push(r.ms);
    row.kb.push(r.bytes / 1024);
    if (best) {
      row.ranked++;
      if (shown.slice(0, 3).includes(best)) row.best++;
    }
  }
}
await browser.close();
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log("| class | engine | recall | precision | best in first 3 | median ms | median KB |");
console.log("|---|---|---|---|---|---|---|");
for (const [key, r] of Object.entries(rows)) {
  const [cls, name] = key.split(" | ");
  const recall = r.expected ? (r.right / r.expected).toFixed(2) : "1.00";
  const precision = r.shown ? (r.right / r.shown).toFixed(2) : "1.00";
  const best = r.ranked ? `${Math.round((100 * r.best) / r.ranked)} % of ${r.ranked}` : "";
  console.log(`| ${cls} | ${name} | ${recall} | ${precision} | ${best} | ${Math.round(median(r.ms))} | ${Math.round(median(r.kb))} |`);
}
