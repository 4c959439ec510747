// Presentation mode over the site's own pages, and the handout in the light scheme when printed.
//
// A slide is the page's H1 with its lead text, or one H2 section. The mode is
// on while the URL has `?present`; the hash names the current slide's heading,
// so a reload or a shared link comes back to the same slide. Runs once per
// document (Material's `document$` re-emits on instant navigation).
(() => {
  if (window.__presentation) return; // loaded twice: keep the first
  window.__presentation = true;

  const PARAM = "present";
  const root = document.documentElement;
  // Material's own global keys (n p , . f s /), which the mode takes over.
  const MATERIAL_KEYS = new Set(["n", "p", ",", ".", "f", "s", "/"]);
  const ICON =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
    '<path d="M2 3h20v2h-1v11h-6l1.5 5h-2l-1.5-5h-2L9.5 21h-2L9 16H3V5H2V3m3 2v9h14V5H5m5 2 5 2.5-5 2.5V7Z"/></svg>';

  let deck = null; // { article, slides, index, observer } while the mode is on

  const params = () => new URL(location.href).searchParams;
  // `?present` rather than `?present=`, as a person would type it.
  function withMode(url, value = "") {
    url.searchParams.delete(PARAM);
    const rest = url.searchParams.toString();
    const mode = value ? `${PARAM}=${value}` : PARAM;
    url.search = rest ? `?${rest}&${mode}` : `?${mode}`;
    return url;
  }
  const article = () => document.querySelector("article.md-content__inner");

  // Slides --------------------------------------------------------------------

  function build(container) {
    const slides = [];
    let current = null;
    for (const child of [...container.children]) {
      // quiz_check.py wraps mkdocs-quiz's progress panel in an <aside>, and quiz.js moves the
      // panel into the table of contents: skip that wrapper whether or not it still holds it.
      if (child.matches("script, style, dialog, .quiz-progress-mobile, aside:has(> #quiz-progress-sidebar), aside:empty")) continue;
      if (current === null || child.tagName === "H2") {
        current = document.createElement("section");
        current.className = "presentation-slide";
        current.tabIndex = -1;
        current.hidden = true;
        current.setAttribute("aria-roledescription", "スライド");
        child.before(current);
        slides.push(current);
      }
      current.append(child);
    }
    slides.forEach((slide, i) => {
      const heading = slide.querySelector("h1, h2");
      const title = heading ? heading.textContent.replace(/¶$/, "").trim() : "";
      slide.dataset.title = title;
      slide.setAttribute("aria-label", `${i + 1} / ${slides.length}：${title}`);
    });
    return slides;
  }

  function unbuild(slides) {
    for (const slide of slides) slide.replaceWith(...slide.childNodes);
  }

  // The slide that holds the element with this id, or null.
  function slideFor(slides, id) {
    const target = id && document.getElementById(id);
    const slide = target && target.closest(".presentation-slide");
    return slide ? slides.indexOf(slide) : null;
  }

  // The other way: the id the hash names a slide by; none for the first, the page's top.
  const slideId = (slide, index) => (index > 0 ? slide.querySelector("h2")?.id : "");

  const hashId = () => (location.hash.length > 1 ? decodeURIComponent(location.hash.slice(1)) : "");

  // The section being read when the mode starts: the last H2 above the top third.
  function headingInView(container) {
    let id = "";
    for (const h of container.querySelectorAll(":scope > h2"))
      if (h.getBoundingClientRect().top < innerHeight / 3) id = h.id;
    return id;
  }

  // Chrome: counter, progress bar, status for screen readers, a few buttons ---

  function chrome() {
    let bar = document.querySelector(".presentation-bar");
    if (bar) return bar;
    bar = document.createElement("div");
    bar.className = "presentation-bar";
    bar.innerHTML =
      '<div class="presentation-progress" aria-hidden="true"><div></div></div>' +
      '<p class="presentation-status" role="status" aria-live="polite"></p>' +
      '<nav class="presentation-controls" aria-label="スライドの操作">' +
      '<button type="button" data-action="prev" aria-label="前のスライド（←）">‹</button>' +
      '<span class="presentation-counter" aria-hidden="true"></span>' +
      '<button type="button" data-action="next" aria-label="次のスライド（→）">›</button>' +
      '<button type="button" data-action="qr" aria-label="QRコードを表示（Q）">QR</button>' +
      '<button type="button" data-action="exit" aria-label="発表モードを終了（Esc）">✕</button>' +
      "</nav>";
    bar.addEventListener("click", (ev) => {
      const action = ev.target.closest("button")?.dataset.action;
      if (action) ACTIONS[action]();
    });
    document.body.append(bar);
    return bar;
  }

  function show(index) {
    const { slides } = deck;
    index = Math.max(0, Math.min(slides.length - 1, index));
    deck.index = index;
    slides.forEach((slide, i) => {
      const current = i === index;
      slide.hidden = !current;
      if (current) slide.setAttribute("aria-current", "step");
      else slide.removeAttribute("aria-current");
    });
    const slide = slides[index];
    slide.scrollTop = 0;
    slide.focus({ preventScroll: true });
    fitDiagrams(slide);

    const bar = chrome();
    bar.querySelector(".presentation-counter").textContent = `${index + 1} / ${slides.length}`;
    bar.querySelector(".presentation-progress > div").style.width = `${((index + 1) / slides.length) * 100}%`;
    bar.querySelector(".presentation-status").textContent =
      `スライド ${index + 1} / ${slides.length}：${slide.dataset.title}`;

    const url = withMode(new URL(location.href));
    const id = slideId(slide, index);
    url.hash = id ? `#${id}` : "";
    history.replaceState(history.state, "", url.href);
  }

  // Diagrams ------------------------------------------------------------------

  // Scale each Mermaid diagram to the slide: as wide as the column allows and
  // no taller than 85% of the screen. One drawn in the browser is in Material's
  // closed shadow root, so only the host's box is measured: its height at two
  // widths gives the aspect ratio and the width Mermaid caps the SVG at.
  function fitDiagrams(slide) {
    for (const host of slide.querySelectorAll("div.mermaid")) {
      unfit(host);
      const column = host.parentElement.clientWidth;
      const full = host.getBoundingClientRect().height;
      host.style.width = "100px";
      const aspect = host.getBoundingClientRect().height / 100;
      host.style.removeProperty("width");
      if (!aspect || !full) continue;
      const natural = full / aspect; // the SVG's width at zoom 1, at most the column
      const target = Math.min(column, (slide.clientHeight * 0.85) / aspect);
      const zoom = Math.max(1, target / natural);
      host.style.zoom = String(zoom);
      host.style.width = `${target / zoom}px`;
    }
  }

  // Back to the size the page gives it.
  function unfit(host) {
    host.style.removeProperty("zoom");
    host.style.removeProperty("width");
  }

  function unfitDiagrams(container) {
    for (const host of container.querySelectorAll("div.mermaid")) unfit(host);
  }

  // Moving ----------------------------------------------------------------------

  function go(link, where) {
    if (!link) {
      chrome().querySelector(".presentation-status").textContent =
        where === "last" ? "最初のページです" : "最後のページです";
      return;
    }
    const url = withMode(new URL(link.href, location.href), where === "last" ? "last" : "");
    url.hash = "";
    // Material's own way to navigate: a click that instant navigation intercepts.
    const a = document.createElement("a");
    a.href = url.href;
    document.body.append(a);
    a.click();
    a.remove();
  }

  // The nav section (a session, the organiser's pages) that lists this path, or null.
  function sectionOf(path) {
    for (const a of document.querySelectorAll(".md-nav--primary a.md-nav__link[href]"))
      if (new URL(a.href, location.href).pathname === path) return a.closest(".md-nav__item--section");
    return null;
  }

  // Forward stops at the end of a session rather than running on into the next
  // nav section (the organiser's guide follows 第1回).
  function nextPage() {
    const link = document.querySelector("link[rel=next]");
    const here = sectionOf(location.pathname);
    const leaves = link && here && sectionOf(new URL(link.href, location.href).pathname) !== here;
    go(leaves ? null : link, "first");
  }
  const prevPage = () => go(document.querySelector("link[rel=prev]"), "last");

  const ACTIONS = {
    next: () => (deck.index < deck.slides.length - 1 ? show(deck.index + 1) : nextPage()),
    prev: () => (deck.index > 0 ? show(deck.index - 1) : prevPage()),
    first: () => show(0),
    last: () => show(deck.slides.length - 1),
    nextPage,
    prevPage,
    qr: () => {
      const dialog = document.querySelector("dialog.presentation-qr");
      if (dialog && !dialog.open) dialog.showModal();
      else if (dialog) dialog.close();
    },
    exit: () => exit(),
  };

  // Entering and leaving -------------------------------------------------------

  function enter(start) {
    const container = article();
    if (!container || deck) return;
    const slides = build(container);
    if (!slides.length) return;
    root.setAttribute("data-presentation", "");
    deck = { container, slides, index: 0 };
    // Diagrams are drawn after the page loads: fit them when they arrive.
    deck.observer = new MutationObserver(() => fitDiagrams(deck.slides[deck.index]));
    deck.observer.observe(container, { childList: true, subtree: true });
    show(start(slides));
  }

  // The page's own look again: no mode styles, no bottom bar.
  function clearMode() {
    root.removeAttribute("data-presentation");
    document.querySelector(".presentation-bar")?.remove();
  }

  function exit() {
    if (!deck) return;
    const id = slideId(deck.slides[deck.index], deck.index);
    deck.observer.disconnect();
    unfitDiagrams(deck.container);
    unbuild(deck.slides);
    deck = null;
    clearMode();
    document.querySelector("dialog.presentation-qr[open]")?.close();
    const url = new URL(location.href);
    url.searchParams.delete(PARAM);
    url.hash = id ? `#${id}` : "";
    history.replaceState(history.state, "", url.href);
    // Back where the talk was, in the normal page.
    if (id) document.getElementById(id)?.scrollIntoView();
    else window.scrollTo(0, 0);
    document.querySelector(".presentation-start")?.focus({ preventScroll: true });
  }

  function startFromUrl(slides) {
    if (params().get(PARAM) === "last") return slides.length - 1;
    return slideFor(slides, hashId()) ?? 0;
  }

  // Keys ------------------------------------------------------------------------

  // Keys that belong to the focused control: typing, radio arrows, Space on buttons.
  function ownedByControl(ev) {
    const el = ev.target;
    if (!(el instanceof Element)) return false;
    if (el.isContentEditable || el.matches("textarea, select, input:not([type=radio]):not([type=checkbox])"))
      return true;
    if (el.matches("input[type=radio]") && ev.key.startsWith("Arrow")) return true;
    return (ev.key === " " || ev.key === "Enter") && el.matches("button, a[href], input, summary, label");
  }

  function onKey(ev) {
    if (ev.isComposing || ev.defaultPrevented) return;
    const toggle = ev.altKey && !ev.ctrlKey && !ev.metaKey && ev.code === "KeyP";
    if (!deck) {
      if (toggle && !ownedByControl(ev)) {
        ev.preventDefault();
        ev.stopPropagation(); // Material's handler would read Alt+p as "p", its previous-page key
        start();
      }
      return;
    }
    if (document.querySelector("dialog.presentation-qr[open]")) return; // the dialog handles its keys
    if (ev.ctrlKey || ev.metaKey || (ev.altKey && !toggle) || ownedByControl(ev)) return;
    const action = toggle
      ? "exit"
      : {
          ArrowRight: "next",
          PageDown: "next",
          " ": "next",
          ArrowLeft: "prev",
          PageUp: "prev",
          Home: "first",
          End: "last",
          Escape: "exit",
          q: "qr",
          Q: "qr",
          n: "nextPage",
          ".": "nextPage",
          p: "prevPage",
          ",": "prevPage",
        }[ev.key];
    if (action) ACTIONS[action]();
    if (action || MATERIAL_KEYS.has(ev.key)) {
      ev.preventDefault();
      ev.stopPropagation(); // before Material's own handler on window
    }
  }

  function start() {
    const container = article();
    if (!container) return;
    const id = hashId() || headingInView(container);
    history.replaceState(history.state, "", withMode(new URL(location.href)).href);
    enter((slides) => slideFor(slides, id) ?? 0);
  }

  // The header button -------------------------------------------------------------

  function headerButton() {
    if (document.querySelector(".presentation-start")) return;
    const anchor = document.querySelector(".md-header__inner > form.md-header__option, .md-header__inner > .md-search");
    if (!anchor) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon presentation-start";
    button.title = "発表モード（Alt+P）";
    button.setAttribute("aria-label", "発表モードを開始（Alt+P）");
    button.setAttribute("aria-keyshortcuts", "Alt+P");
    button.innerHTML = ICON;
    button.addEventListener("click", start);
    anchor.before(button);
  }

  // Printing in the dark scheme would put light text on white paper.
  let printScheme = null;
  addEventListener("beforeprint", () => {
    printScheme = document.body.getAttribute("data-md-color-scheme");
    document.body.setAttribute("data-md-color-scheme", "default");
  });
  addEventListener("afterprint", () => {
    if (printScheme) document.body.setAttribute("data-md-color-scheme", printScheme);
  });

  // Each document ------------------------------------------------------------------

  function onDocument() {
    if (deck && !deck.container.isConnected) {
      // Instant navigation replaced the page under the mode.
      deck.observer.disconnect();
      deck = null;
    }
    headerButton();
    const handout = document.getElementById("print-site-page"); // /print/, prepared at build time (hooks/handout.py)
    if (params().has(PARAM) && !handout) enter(startFromUrl);
    else if (!deck) clearMode();
  }

  addEventListener("keydown", onKey, true);
  addEventListener("resize", () => deck && fitDiagrams(deck.slides[deck.index]));
  if (window.document$) window.document$.subscribe(onDocument);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onDocument);
  else onDocument();
})();
