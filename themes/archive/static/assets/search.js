// The search page: runs the query in ?q= on load and on every submit against the
// static index diptych writes under search/{lang}/, and lists the matching sections.
// Labels come from the page (the theme's UI strings), none from here.
//
// terms() and bucketOf() must agree with src/search.rs term for term: Chinese is
// split into pairs of neighbouring characters, other scripts into lower-cased words.
(() => {
  const script = document.currentScript;
  const strings = script.dataset;
  const form = document.querySelector(".search-form");
  const input = form.querySelector("input[name=q]");
  const list = document.querySelector(".search-results");
  const status = document.querySelector(".search-status");
  const topicsBox = document.querySelector(".search-topics");
  const chosenTopics = new Set();
  const SHOWN = 50;
  const STOP = new Set(["a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "is", "are",
    "was", "be", "as", "it", "its", "that", "this", "from", "but"]);
  const HAN = /[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF]/;
  const ALNUM = /[\p{L}\p{N}]/u;

  function terms(text) {
    const out = [];
    let han = [];
    let word = "";
    const flushHan = () => {
      if (han.length === 1) out.push(han[0]);
      for (let i = 0; i + 1 < han.length; i++) out.push(han[i] + han[i + 1]);
      han = [];
    };
    const flushWord = () => {
      if (word && !STOP.has(word)) out.push(word);
      word = "";
    };
    for (const c of text) {
      if (HAN.test(c)) {
        flushWord();
        han.push(c);
      } else if (ALNUM.test(c)) {
        flushHan();
        word += c.toLowerCase();
      } else {
        flushHan();
        flushWord();
      }
    }
    flushHan();
    flushWord();
    return [...new Set(out)];
  }

  function bucketOf(term, buckets) {
    const key = HAN.test(term[0]) ? term : Array.from(term).slice(0, 3).join("");
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(key)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    return hash % buckets;
  }

  const cache = new Map();
  const fetchJson = (name) => {
    if (!cache.has(name)) {
      cache.set(name, fetch(strings.bundle + name).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status)))));
    }
    return cache.get(name);
  };
  const undelta = (gaps) => {
    let id = 0;
    return gaps.map((gap) => (id += gap));
  };
  const intersect = (a, b) => {
    const inB = new Set(b);
    return a.filter((id) => inB.has(id));
  };
  const union = (lists) => [...new Set(lists.flat())].sort((x, y) => x - y);

  // Sections that have every term of the query, newest first. A word also matches
  // longer words that begin with it (peace → peaceful).
  async function find(query) {
    const meta = await fetchJson("meta.json");
    let found = null;
    for (const term of terms(query)) {
      const bucket = await fetchJson(`index/${bucketOf(term, meta.buckets)}.json`);
      const prefix = !HAN.test(term[0]) && Array.from(term).length >= 3;
      const keys = prefix ? Object.keys(bucket).filter((k) => k.startsWith(term)) : [term].filter((k) => k in bucket);
      const ids = union(keys.map((k) => undelta(bucket[k])));
      found = found === null ? ids : intersect(found, ids);
      if (!found.length) break;
    }
    if (found && chosenTopics.size) {
      const lists = await Promise.all([...chosenTopics].map((t) => fetchJson(`topics/${t}.json`)));
      found = intersect(found, union(lists.map(undelta)));
    }
    return found || [];
  }

  // The query as the reader typed it, in pieces to mark: runs of Chinese, and words.
  const pieces = (query) => query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((p) => p && !STOP.has(p));

  // About 90 characters around the first match, with every piece marked.
  function excerpt(text, query) {
    const lower = text.toLowerCase();
    const marks = pieces(query);
    const first = Math.min(...marks.map((p) => lower.indexOf(p)).filter((i) => i >= 0), text.length);
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
        const i = lower.indexOf(m, at);
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

  async function card(id, meta, query) {
    const [docs, texts] = await Promise.all([
      fetchJson(`docs/${Math.floor(id / meta.docs_per_file)}.json`),
      fetchJson(`text/${Math.floor(id / meta.texts_per_file)}.json`),
    ]);
    const [url, title, transcript, date] = docs[id % meta.docs_per_file];
    const item = document.createElement("li");
    item.className = "card";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = url;
    link.textContent = title;
    heading.append(link);
    const facts = document.createElement("p");
    facts.className = "meta";
    facts.textContent = date ? `${transcript} · ${date}` : transcript;
    item.append(heading, facts, excerpt(texts[id % meta.texts_per_file], query));
    return item;
  }

  async function run(query) {
    // Quotation marks mean nothing here: every character pair must match anyway.
    const words = query.replace(/["“”「」]/g, " ").trim();
    list.replaceChildren();
    if (!words) {
      status.textContent = "";
      return;
    }
    status.textContent = strings.searching;
    try {
      const meta = await fetchJson("meta.json");
      const found = await find(words);
      list.replaceChildren(...(await Promise.all(found.slice(0, SHOWN).map((id) => card(id, meta, words)))));
      const n = found.length;
      status.textContent = n === 0 ? strings.noResults : (n === 1 ? strings.resultsOne : strings.results).replace("{n}", n);
    } catch (error) {
      status.textContent = strings.unavailable;
    }
  }

  async function showTopics() {
    try {
      const meta = await fetchJson("meta.json");
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

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });

  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    run(query);
  }
  showTopics();
})();
