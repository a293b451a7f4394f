// Passages: every paragraph with an address (`id="p-…"`) gets a small link to it,
// shown on hover and focus, that copies the address; the language switcher keeps the
// passage the reader is at; in the parallel view, pointing at or focusing a sentence
// marks the sentences that translate it (`data-align`). Without scripts the addresses
// still work and nothing is lost but these conveniences.
(() => {
  const script = document.currentScript;
  const label = script?.dataset.link || "Link to this passage";
  const copied = script?.dataset.copied || "Link copied";

  const status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.append(status);

  for (const passage of document.querySelectorAll('[id^="p-"]')) {
    const link = document.createElement("a");
    link.className = "passage-link";
    link.href = `#${passage.id}`;
    link.textContent = "¶";
    link.setAttribute("aria-label", label);
    link.title = label;
    link.addEventListener("click", (event) => {
      const address = new URL(link.href, location.href).href;
      if (navigator.clipboard) {
        event.preventDefault();
        history.replaceState(null, "", link.hash);
        navigator.clipboard.writeText(address).then(() => {
          status.textContent = copied;
          link.dataset.copied = "";
          setTimeout(() => delete link.dataset.copied, 1500);
        }, () => { location.hash = link.hash; });
      }
    });
    // In the parallel view a passage is a row of cells: the link goes in its last cell
    // that has text, not beside the cells.
    const cells = passage.classList.contains("parallel-row")
      ? [...passage.querySelectorAll(".parallel-cell:not(.empty)")]
      : [];
    (cells.at(-1)?.lastElementChild || cells.at(-1) || passage).append(" ", link);
  }

  // The same passage in another language has the same address.
  for (const other of document.querySelectorAll(".language-switcher a[rel=alternate]")) {
    other.addEventListener("click", () => {
      if (location.hash.startsWith("#p-") || location.hash.startsWith("#t-")) {
        other.hash = location.hash;
      }
    });
  }

  // The parallel view's columns: swap them, or hide one to read the other alone.
  const parallel = document.querySelector("article.parallel");
  const names = [...document.querySelectorAll(".parallel-titles .parallel-cell .note")].map((n) => n.textContent);
  if (parallel && names.length === 2) {
    const bar = document.createElement("div");
    bar.className = "parallel-controls";
    const button = (text, press) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-pressed", "false");
      b.addEventListener("click", () => b.setAttribute("aria-pressed", String(press(b))));
      bar.append(b);
      return b;
    };
    button(parallel.dataset.swap, () => parallel.classList.toggle("swapped"));
    names.forEach((name, i) => {
      const hide = button(`${parallel.dataset.hide} ${name}`, (b) => {
        // Never both: hiding one column shows the other.
        parallel.classList.remove(`hide-${2 - i}`);
        bar.querySelectorAll("button[data-column]").forEach((o) => o !== b && o.setAttribute("aria-pressed", "false"));
        return parallel.classList.toggle(`hide-${i + 1}`);
      });
      hide.dataset.column = String(i + 1);
    });
    parallel.querySelector(".parallel-header").append(bar);
  }

  const sentences = document.querySelectorAll("[data-align]");
  const groups = new Map();
  for (const s of sentences) {
    const key = s.dataset.align;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(s);
    s.tabIndex = 0;
  }
  const mark = (event, on) => {
    const s = event.target.closest?.("[data-align]");
    if (!s) return;
    for (const twin of groups.get(s.dataset.align) || []) twin.classList.toggle("paired", on);
  };
  document.addEventListener("mouseover", (e) => mark(e, true));
  document.addEventListener("mouseout", (e) => mark(e, false));
  document.addEventListener("focusin", (e) => mark(e, true));
  document.addEventListener("focusout", (e) => mark(e, false));
})();
