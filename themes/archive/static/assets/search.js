// The search page: runs the query in ?q= on load and on every submit, with the
// Pagefind index built by diptych, and lists the matching sections. All labels come
// from the page (the theme's UI strings), none from here.
(() => {
  const script = document.currentScript;
  const strings = script.dataset;
  const form = document.querySelector(".search-form");
  const input = form.querySelector("input[name=q]");
  const list = document.querySelector(".search-results");
  const status = document.querySelector(".search-status");
  const topicsBox = document.querySelector(".search-topics");
  const chosenTopics = new Set();
  let pagefind = null;

  async function load() {
    if (!pagefind) {
      pagefind = await import(strings.bundle + "pagefind.js");
      await pagefind.options({ excerptLength: 36 });
      pagefind.init();
    }
    return pagefind;
  }

  // Pagefind marks matches with <mark>; anything else that looks like a tag is text.
  const safeExcerpt = (html) => html.replace(/<(?!\/?mark>)/g, "&lt;");

  function card(data) {
    const item = document.createElement("li");
    item.className = "card";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [data.meta.transcript, data.meta.date].filter(Boolean).join(" · ");
    const excerpt = document.createElement("p");
    excerpt.className = "excerpt";
    excerpt.innerHTML = safeExcerpt(data.excerpt);
    item.append(heading, meta, excerpt);
    return item;
  }

  async function run(query) {
    // Quoted phrases are unreliable for Chinese in Pagefind; plain words find them.
    const words = query.replace(/["“”「」]/g, " ").trim();
    list.replaceChildren();
    if (!words) {
      status.textContent = "";
      return;
    }
    status.textContent = strings.searching;
    try {
      const pf = await load();
      const filters = chosenTopics.size ? { topic: { any: [...chosenTopics] } } : {};
      const search = await pf.search(words, { filters });
      const results = await Promise.all(search.results.slice(0, 100).map((r) => r.data()));
      list.replaceChildren(...results.map(card));
      const n = search.results.length;
      status.textContent = n === 0 ? strings.noResults : (n === 1 ? strings.resultsOne : strings.results).replace("{n}", n);
    } catch (error) {
      status.textContent = strings.unavailable;
    }
  }

  async function showTopics() {
    try {
      const topics = (await (await load()).filters()).topic || {};
      const names = Object.keys(topics).sort();
      if (!names.length) return;
      const box = topicsBox.querySelector(".search-topic-list");
      for (const name of names) {
        const label = document.createElement("label");
        const check = document.createElement("input");
        check.type = "checkbox";
        check.value = name;
        check.addEventListener("change", () => {
          check.checked ? chosenTopics.add(name) : chosenTopics.delete(name);
          run(input.value);
        });
        label.append(check, " " + name);
        box.append(label);
      }
      topicsBox.hidden = false;
    } catch (error) {
      // Without an index the page still works as a form; the status says why.
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
