// The search page: runs the query in ?q= on load and as the reader types, against the
// static index diptych writes under search/{lang}/, and lists the matching pages best
// first, a page of results at a time. Labels come from the page (the theme's UI
// strings), none from here.
//
// fold(), terms() and bucketOf() must agree with src/search.rs term for term: text is
// folded (NFKC, no soft hyphens or zero-width characters, lower case, Traditional to
// Simplified), Chinese is split into characters and pairs of neighbouring characters
// (one mark between them does not part them), other scripts into lower-cased words.
(() => {
  const script = document.currentScript;
  const strings = script.dataset;
  const form = document.querySelector(".search-form");
  const input = form.querySelector("input[name=q]");
  const list = document.querySelector(".search-results");
  const status = document.querySelector(".search-status");
  const more = document.querySelector(".search-more");
  const topicsBox = document.querySelector(".search-topics");
  const chosenTopics = new Set();
  const PER_PAGE = 20;
  // The index format this script reads (FORMAT in src/search.rs).
  const FORMAT = 4;
  const STOP = new Set(["a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "is", "are",
    "was", "be", "as", "it", "its", "that", "this", "from", "but"]);
  const HAN = /[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF]/;
  const ALNUM = /[\p{L}\p{N}]/u;
  // Endings a query word drops to find the other forms of its word (cooperate →
  // cooper… → cooperation); the stem must keep four letters.
  const ENDINGS = ["ations", "ation", "ments", "ment", "ings", "ing", "ates", "ated", "ate", "ies", "ied", "ives",
    "ive", "ions", "ion", "ed", "es", "ly", "s"];
  const stem = (w) => {
    const ending = HAN.test(w[0]) ? null : ENDINGS.find((e) => w.endsWith(e) && w.length - e.length >= 4);
    return ending ? w.slice(0, -ending.length) : w;
  };

  // This language's index, and the folder above it (the table all languages share).
  const bundle = new URL(strings.bundle, location.href);
  const root = new URL("..", bundle);
  const cache = new Map();
  const fetchJson = (url, missing) => {
    if (!cache.has(url)) {
      const got = fetch(url).then((r) => {
        if (r.ok) return r.json();
        if (r.status === 404 && missing !== undefined) return missing;
        return Promise.reject(new Error(r.status));
      });
      cache.set(url, got);
    }
    return cache.get(url);
  };
  const fromBundle = (name, missing) => fetchJson(new URL(name, bundle).href, missing);

  let simplified = null;
  async function fold(text) {
    let out = text.normalize("NFKC").replace(/[\u00AD\u200B\u2060\uFEFF]/g, "").toLowerCase();
    if (HAN.test(out)) {
      simplified ??= await fetchJson(new URL("t2s.json", root).href, {});
      out = Array.from(out, (c) => simplified[c] || c).join("");
    }
    return out;
  }

  // Terms of folded text, as the index has them: [term, isHan] pairs.
  function terms(text) {
    const out = [];
    let word = "";
    let last = null;
    let bridged = false;
    const flushWord = () => {
      if (word) out.push(word);
      word = "";
    };
    for (const c of text) {
      if (HAN.test(c)) {
        flushWord();
        if (last) out.push(last + c);
        out.push(c);
        last = c;
        bridged = false;
      } else if (ALNUM.test(c)) {
        last = null;
        word += c;
      } else {
        flushWord();
        if (bridged || c === "\n") last = null;
        bridged = last !== null;
      }
    }
    flushWord();
    return out;
  }

  // A space between two words of Chinese of two characters or more (一带一路 合作) asks
  // for both, wherever each is; between single characters (一 带 一 路) it is how the
  // reader typed one word. The first kind becomes a line break, which parts the runs
  // (see `terms`); the index is not changed by it.
  const WORDS_APART = new RegExp(`(${HAN.source}{2})\\s+(?=${HAN.source}{2})`, "g");
  const apart = (folded) => folded.replace(WORDS_APART, "$1\n");

  // What a query needs, as groups of terms a page must all have: for each run of
  // Chinese, its pairs (or its one character); for each word, the word (a prefix of
  // longer words when it has three letters or more, or is the last one, still being
  // typed). Stop words count only when nothing else does.
  function needs(folded) {
    const all = terms(folded);
    // A run starts at a character its pair did not come before (see `terms`).
    const runs = [];
    all.forEach((t, i) => {
      if (!HAN.test(t[0])) return;
      const before = all[i - 1];
      if (t.length === 2) runs[runs.length - 1].push(t);
      else if (!(before && before.length === 2 && HAN.test(before[0]))) runs.push([t]);
    });
    const paired = runs.filter((r) => r.length > 1);
    const chinese = (paired.length ? paired : runs).map((r) => ({
      terms: r.length > 1 ? [...new Set(r.slice(1))] : r,
      // The run as typed, marks and spaces aside: its first character and each pair's second.
      run: r[0] + r.slice(1).map((pair) => pair[1]).join(""),
    }));
    const words = all.filter((t) => !HAN.test(t[0]));
    const content = words.filter((w) => !STOP.has(w));
    const kept = content.length || chinese.length ? content : words;
    const last = words[words.length - 1];
    const wanted = kept.map((w) => {
      const s = stem(w);
      return { terms: [s], prefix: s.length >= 3 || w === last, typed: w };
    });
    return chinese.map(({ terms, run }) => ({ terms, run, prefix: false, typed: terms[0] })).concat(wanted);
  }

  function bucketOf(term, buckets) {
    const key = HAN.test(term[0]) ? term : Array.from(term).slice(0, 3).join("");
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(key)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    return hash % buckets;
  }

  // A posting is gap << 3 | count, and where the count is 7 or more, the rest of it
  // next: the page ids and how often the term is on each.
  function postings(values) {
    const out = new Map();
    let id = 0;
    for (let i = 0; i < values.length; i++) {
      id += Math.floor(values[i] / 8);
      const n = values[i] % 8;
      out.set(id, n === 7 ? n + values[++i] : n);
    }
    return out;
  }

  // How often each page has a group of terms: for a word, the best of the words it
  // matches as a prefix; for a run of Chinese, the fewest of its pairs, which is how
  // often the run can occur whole. Also the pages where a term was found as typed.
  async function occurrences({ terms: group, prefix, typed }, buckets) {
    let counts = null;
    const asTyped = new Set();
    for (const term of group) {
      const bucket = await fromBundle(`index/${bucketOf(term, buckets)}.json`, {});
      const keys = prefix ? Object.keys(bucket).filter((k) => k.startsWith(term)) : [term].filter((k) => k in bucket);
      const found = new Map();
      for (const key of keys) {
        for (const [id, n] of postings(bucket[key])) {
          found.set(id, Math.max(found.get(id) || 0, n));
          if (key.startsWith(typed)) asTyped.add(id);
        }
      }
      const both = counts && [...found].filter(([id]) => counts.has(id)).map(([id, n]) => [id, Math.min(n, counts.get(id))]);
      counts = counts ? new Map(both) : found;
      if (!counts.size) break;
    }
    return { counts, asTyped };
  }

  // Pages that have every needed group, best first: first those with more of the
  // query's words as typed (not only another form of the word: cooperation before
  // cooperate), then by BM25 over the groups (no length normalisation: the page that
  // has the query most often comes first), newest first among equals.
  async function find(folded) {
    const meta = await fromBundle("meta.json");
    const k1 = 1.2;
    let scores = null;
    const typedIn = new Map();
    for (const need of needs(folded)) {
      const { counts, asTyped } = await occurrences(need, meta.buckets);
      const idf = Math.log(1 + (meta.docs - counts.size + 0.5) / (counts.size + 0.5));
      const next = new Map();
      for (const [id, n] of counts) {
        if (scores === null || scores.has(id)) next.set(id, (scores?.get(id) || 0) + idf * (n * (k1 + 1)) / (n + k1));
        if (asTyped.has(id)) typedIn.set(id, (typedIn.get(id) || 0) + 1);
      }
      scores = next;
      if (!scores.size) break;
    }
    if (scores && chosenTopics.size) {
      const lists = await Promise.all([...chosenTopics].map((t) => fromBundle(`topics/${t}.json`, [])));
      const inTopics = new Set(lists.flatMap((gaps) => { let id = 0; return gaps.map((g) => (id += g)); }));
      for (const id of scores.keys()) if (!inTopics.has(id)) scores.delete(id);
    }
    const typed = (id) => typedIn.get(id) || 0;
    const ranked = [...(scores || new Map())].sort((a, b) => typed(b[0]) - typed(a[0]) || b[1] - a[1] || a[0] - b[0]);
    return ranked.map(([id]) => id);
  }

  // Text without what does not part characters: spaces and marks, for checking that
  // the query's Chinese is in a page as written, not only as pairs scattered apart.
  const bare = (text) => text.replace(/[^\p{L}\p{N}]+/gu, "");

  // The query's pieces to mark in an excerpt: runs of Chinese, and words (stems).
  const pieces = (folded) => folded.split(/[^\p{L}\p{N}]+/u).filter((p) => p).map(stem);

  // About 90 characters around the first match, with every piece marked.
  function excerpt(text, folded, foldedText) {
    const all = pieces(folded);
    const onlyStop = all.every((p) => STOP.has(p));
    const marks = all.filter((m) => onlyStop || !STOP.has(m));
    const first = Math.min(...marks.map((p) => foldedText.indexOf(p)).filter((i) => i >= 0), text.length);
    const start = Math.max(0, (first === text.length ? 0 : first) - 30);
    const end = Math.min(text.length, start + 90);
    const p = document.createElement("p");
    p.className = "excerpt";
    let at = start;
    if (start > 0) p.append("…");
    while (at < end) {
      let next = end;
      let piece = "";
      for (const m of marks) {
        const i = foldedText.indexOf(m, at);
        if (i >= 0 && i < next) [next, piece] = [i, m];
      }
      p.append(text.slice(at, next));
      if (!piece) break;
      const mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + piece.length);
      p.append(mark);
      at = next + piece.length;
    }
    if (end < text.length) p.append("…");
    return p;
  }

  // A result's text, read from its own page, which the reader opens next anyway: the
  // parts marked `data-search` hold what the index holds (the whole of `main` if a
  // theme marks none). The index keeps no copy of it (docs/performance.md).
  const pageTexts = new Map();
  const textOf = (url) => {
    if (!pageTexts.has(url)) {
      const got = fetch(url)
        .then((r) => (r.ok ? r.text() : ""))
        .then((html) => {
          const page = new DOMParser().parseFromString(html, "text/html");
          const marked = [...page.querySelectorAll("[data-search]")];
          const parts = marked.length ? marked : [page.querySelector("main") || page.body];
          return parts.map((e) => e.textContent.replace(/\s+/g, " ").trim()).join("\n");
        })
        .catch(() => "");
      pageTexts.set(url, got);
    }
    return pageTexts.get(url);
  };

  // A result's card, and whether its text holds the query's Chinese as written.
  async function card(id, meta, folded) {
    const docs = await fromBundle(`docs/${Math.floor(id / meta.docs_per_file)}.json`);
    const [url, title, context, date, kind] = docs[id % meta.docs_per_file];
    const text = await textOf(url);
    // Folding keeps lengths for the characters an excerpt marks, so offsets carry over.
    const foldedText = await fold(text);
    // Each run of the query's Chinese must be in the page as written (marks and spaces
    // aside), not only as pairs found apart.
    const whole = bare((await fold(title)) + "\n" + foldedText);
    const runs = needs(folded).filter((n) => n.run && n.run.length > 1).map((n) => n.run);
    const exact = runs.every((r) => whole.includes(r));
    const item = document.createElement("li");
    item.className = "card";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = url;
    link.textContent = title;
    heading.append(link);
    const facts = document.createElement("p");
    facts.className = "meta";
    const what = { t: strings.kindTranscript, p: strings.kindPage }[kind];
    facts.textContent = [what, context, date].filter((x) => x).join(" · ");
    if (!exact) {
      const note = document.createElement("span");
      note.className = "note partial";
      note.textContent = ` · ${strings.partial}`;
      facts.append(note);
    }
    item.append(heading, facts, excerpt(text, folded, foldedText.length === text.length ? foldedText : text.toLowerCase()));
    return { item, exact };
  }

  let current = { query: null, found: [], shown: 0, folded: "" };
  let runs = 0;

  // Shows the next page of results: those that hold the query as written first, then
  // partial matches (the pairs are there, but apart).
  async function showMore(pages = 1) {
    const meta = await fromBundle("meta.json");
    const run = runs;
    const next = current.found.slice(current.shown, current.shown + PER_PAGE * pages);
    const cards = await Promise.all(next.map((id) => card(id, meta, current.folded)));
    if (run !== runs) return;
    cards.sort((a, b) => Number(b.exact) - Number(a.exact));
    list.append(...cards.map((c) => c.item));
    current.shown += next.length;
    more.hidden = current.shown >= current.found.length;
  }

  async function run(query, pages = 1) {
    const run = ++runs;
    const words = query.replace(/["“”「」]/g, " ").trim();
    list.replaceChildren();
    more.hidden = true;
    if (!words) {
      status.textContent = "";
      return;
    }
    status.textContent = strings.searching;
    try {
      const meta = await fromBundle("meta.json");
      if (meta.format !== FORMAT) throw new Error(`index format ${meta.format}`);
      const folded = apart(await fold(words));
      const found = await find(folded);
      if (run !== runs) return;
      current = { query, found, shown: 0, folded };
      // The cards first, then the count: the live region speaks once all is there.
      await showMore(pages);
      if (run !== runs) return;
      const n = found.length;
      const han = terms(folded).filter((t) => HAN.test(t[0]));
      status.textContent = n === 0 ? strings.noResults : (n === 1 ? strings.resultsOne : strings.results).replace("{n}", n);
      if (n > 0 && han.length === 1) status.textContent += ` ${strings.oneCharacter}`;
    } catch (error) {
      if (run === runs) status.textContent = strings.unavailable;
    }
  }

  // The address follows the query, so a search can be linked and the back button works.
  function remember(query, page, push) {
    const url = new URL(location.href);
    url.searchParams.set("q", query);
    if (page > 1) url.searchParams.set("page", page); else url.searchParams.delete("page");
    history[push ? "pushState" : "replaceState"](null, "", url);
  }

  async function showTopics() {
    try {
      const meta = await fromBundle("meta.json");
      if (!meta.topics.length) return;
      const box = topicsBox.querySelector(".search-topic-list");
      meta.topics.forEach((name, index) => {
        const label = document.createElement("label");
        const check = document.createElement("input");
        check.type = "checkbox";
        check.addEventListener("change", () => {
          check.checked ? chosenTopics.add(index) : chosenTopics.delete(index);
          run(input.value);
        });
        label.append(check, " " + name);
        box.append(label);
      });
      topicsBox.hidden = false;
    } catch (error) {
      // Without an index the page still works as a form; a search says why.
    }
  }

  let typing = null;
  input.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      remember(input.value, 1, false);
      run(input.value);
    }, 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    remember(input.value, 1, true);
    run(input.value);
  });
  more.addEventListener("click", async () => {
    const first = list.children.length;
    await showMore();
    remember(current.query, Math.ceil(current.shown / PER_PAGE), false);
    list.children[first]?.querySelector("a")?.focus();
  });
  // Arrow keys move from the box through the results and back.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = [...list.querySelectorAll(".card h2 a")];
    const at = links.indexOf(document.activeElement);
    if (document.activeElement === input && event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[0].focus();
    } else if (at >= 0) {
      event.preventDefault();
      const to = event.key === "ArrowDown" ? at + 1 : at - 1;
      (to < 0 ? input : links[Math.min(to, links.length - 1)]).focus();
    }
  });
  const fromAddress = () => {
    const params = new URLSearchParams(location.search);
    const query = params.get("q") || "";
    input.value = query;
    run(query, Math.max(1, Number(params.get("page")) || 1));
  };
  window.addEventListener("popstate", fromAddress);
  if (new URLSearchParams(location.search).get("q")) fromAddress();
  showTopics();
})();
