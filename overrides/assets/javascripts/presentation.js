// Presentation mode over the site's own pages, and the handout in the light scheme when printed.
//
// `?present` shows the page as slides; `?presenter` shows the presenter view
// (presenter.js) over the same slides. Where each slide starts is decided at
// build time (hooks/slides.py marks it with data-slide="KEY"); this script
// only cuts the page there. The hash names the current slide's key, so a
// reload or a shared link comes back to the same slide. A deck is a whole
// session: the counter reads 「7 / 39」 across its pages, and the overview, G
// and the presenter view use the deck's list (assets/presentation/decks.json).
// While presenting, the document holds the whole session: a move to another
// page's slide swaps that page's article in (see "Moving"), so no key waits
// for a page load. Windows of one site keep in step over a BroadcastChannel,
// and a reloaded window rejoins the talk from localStorage. Runs once per
// document (Material's `document$` re-emits on instant navigation).
(() => {
  if (window.presentation) return; // loaded twice: keep the first

  const PRESENT = "present";
  const PRESENTER = "presenter";
  const root = document.documentElement;
  const framed = window.top !== window; // a preview in the presenter view: shows, never drives
  // Material's own global keys (n p , . f s /), which the mode takes over.
  const MATERIAL_KEYS = new Set(["n", "p", ",", ".", "f", "s", "/"]);
  const ICON =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
    '<path d="M2 3h20v2h-1v11h-6l1.5 5h-2l-1.5-5h-2L9.5 21h-2L9 16H3V5H2V3m3 2v9h14V5H5m5 2 5 2.5-5 2.5V7Z"/></svg>';

  // While the mode is on: { container, slides, index, view, info, observer }.
  let deck = null;
  const listeners = [];

  const params = () => new URL(location.href).searchParams;
  const modeOf = (url) => (url.searchParams.has(PRESENTER) ? PRESENTER : url.searchParams.has(PRESENT) ? PRESENT : "");
  // `?present` rather than `?present=`, as a person would type it.
  function withMode(url, mode, value = "") {
    url.searchParams.delete(PRESENT);
    url.searchParams.delete(PRESENTER);
    const rest = url.searchParams.toString();
    const flag = value ? `${mode}=${value}` : mode;
    url.search = rest ? `?${rest}&${flag}` : `?${flag}`;
    return url;
  }
  // presenter.js, loaded only when the presenter view is opened.
  const PRESENTER_JS = new URL("presenter.js", document.currentScript?.src ?? location.href).href;
  const article = () => document.querySelector("article.md-content__inner[data-deck]");

  // A hash as the key it names; any hash, even one that is not valid percent-encoding.
  function hashKey(hash = location.hash) {
    const raw = hash.slice(1);
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }

  // The deck (a session) ---------------------------------------------------------

  // Where this page's slides stand in its session, from the <article> (hooks/slides.py).
  function deckInfo(container) {
    const d = container.dataset;
    return { number: Number(d.deck), first: Number(d.deckFirst), total: Number(d.deckTotal), src: d.deckSrc };
  }

  // Every deck of the site, with each slide's page, key and title; fetched once.
  let decksPromise = null;
  function decks(src) {
    if (!decksPromise) {
      const url = new URL(src, location.href);
      decksPromise = fetch(url)
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))
        .then((data) => ({ base: new URL("../../", url), decks: data.decks }))
        .catch((error) => {
          decksPromise = null;
          throw error;
        });
    }
    return decksPromise;
  }

  // The session's slide N (1-based) as an absolute URL in the given mode.
  function slideUrl(data, number, n, mode) {
    const entry = data.decks[number]?.slides[n - 1];
    if (!entry) return null;
    const url = withMode(new URL(entry.url, data.base), mode);
    url.hash = entry.key ? `#${encodeURIComponent(entry.key)}` : "";
    return url;
  }

  // Slides ------------------------------------------------------------------------

  function build(container) {
    const slides = [];
    let current = null;
    let section = ""; // the H1 or H2 above: an H3's slide shows it
    let heading = ""; // the last heading: a diagram's, quiz's or continued slide shows it
    for (const child of [...container.children]) {
      // quiz_check.py wraps mkdocs-quiz's progress panel in an <aside>, and quiz.js moves the
      // panel into the table of contents: skip that wrapper whether or not it still holds it.
      if (child.matches("script, style, link, dialog, .quiz-progress-mobile, aside")) continue;
      if (current === null || child.hasAttribute("data-slide")) {
        current = document.createElement("section");
        current.className = "presentation-slide";
        current.tabIndex = -1;
        current.hidden = true;
        current.setAttribute("aria-roledescription", "スライド");
        current.dataset.key = child.getAttribute("data-slide") ?? "";
        const starts = child.matches("h1, h2, h3") ? child : null;
        if (starts && starts.tagName !== "H3") section = text(starts);
        const above = starts ? (starts.tagName === "H3" ? section : "") : heading;
        if (above) current.append(context(above));
        if (starts) heading = text(starts);
        current.dataset.title = heading;
        child.before(current);
        slides.push(current);
      }
      current.append(child);
    }
    return slides;
  }

  const text = (heading) => heading.textContent.replace(/¶$/, "").trim();

  // The section a slide continues, above it in small type.
  function context(title) {
    const p = document.createElement("p");
    p.className = "presentation-context";
    p.textContent = title;
    return p;
  }

  function unbuild(slides) {
    for (const slide of slides) {
      slide.querySelector(":scope > .presentation-context")?.remove();
      slide.replaceWith(...slide.childNodes);
    }
  }

  // The slide a key or an element id names, or null.
  function slideFor(slides, key) {
    if (key === "") return 0;
    const byKey = slides.findIndex((s) => s.dataset.key === key);
    if (byKey >= 0) return byKey;
    const target = key && document.getElementById(key);
    const slide = target && target.closest(".presentation-slide");
    return slide ? slides.indexOf(slide) : null;
  }

  // The section being read when the mode starts: the last slide whose start is above the top third.
  function keyInView(container) {
    let key = "";
    for (const el of container.querySelectorAll(":scope > [data-slide]"))
      if (el.getBoundingClientRect().top < innerHeight / 3) key = el.getAttribute("data-slide");
    return key;
  }

  // The bottom bar: counter, progress, status for screen readers, a few buttons -------

  function bar() {
    let el = document.querySelector(".presentation-bar");
    if (el) return el;
    el = document.createElement("div");
    el.className = "presentation-bar";
    el.innerHTML =
      '<div class="presentation-progress" aria-hidden="true"><div></div></div>' +
      '<p class="presentation-status" role="status" aria-live="polite"></p>' +
      '<nav class="presentation-controls" aria-label="スライドの操作">' +
      '<button type="button" data-action="prev" aria-label="前のスライド（←）">‹</button>' +
      '<span class="presentation-counter" aria-hidden="true"></span>' +
      '<button type="button" data-action="next" aria-label="次のスライド（→）">›</button>' +
      '<button type="button" data-action="overview" aria-label="スライド一覧（O）">一覧</button>' +
      '<button type="button" data-action="qr" aria-label="QRコードを表示（Q）">QR</button>' +
      '<button type="button" data-action="help" aria-label="キー操作の一覧（?）">?</button>' +
      '<button type="button" data-action="exit" aria-label="発表モードを終了（Esc）">✕</button>' +
      "</nav>";
    el.addEventListener("click", (ev) => {
      const action = ev.target.closest("button")?.dataset.action;
      if (action) ACTIONS[action]();
    });
    document.body.append(el);
    // `?present&print`: a slide printed alone (the slides PDF) shows none of the bar.
    root.toggleAttribute("data-presentation-print", params().has("print"));
    idleControls();
    return el;
  }

  // The buttons are for the presenter's mouse, not the room: 2 s after it last moved,
  // html[data-presentation-idle] leaves only a small counter (presentation.css).
  function idleControls() {
    if (idleControls.timer !== undefined) return; // once per document
    const rest = () => {
      clearTimeout(idleControls.timer);
      idleControls.timer = setTimeout(() => root.setAttribute("data-presentation-idle", ""), 2000);
    };
    const wake = () => {
      root.removeAttribute("data-presentation-idle");
      rest();
    };
    addEventListener("mousemove", wake, { passive: true });
    addEventListener("pointerdown", wake, { passive: true });
    rest();
  }

  const say = (message) => {
    const status = document.querySelector(".presentation-status");
    if (status) status.textContent = message;
  };

  // The session's number of the slide on screen.
  const number = () => deck.info.first + deck.index;

  function show(index, { quiet = false } = {}) {
    const { slides } = deck;
    index = Math.max(0, Math.min(slides.length - 1, index));
    deck.index = index;
    deck.shown = true;
    slides.forEach((slide, i) => {
      const current = i === index;
      slide.hidden = !current;
      if (current) slide.setAttribute("aria-current", "step");
      else slide.removeAttribute("aria-current");
    });
    const slide = slides[index];
    if (deck.view === PRESENT) {
      slide.scrollTop = 0;
      if (!framed) slide.focus({ preventScroll: true });
      fitDiagrams(slide);
      const { total } = deck.info;
      const el = bar();
      el.querySelector(".presentation-counter").textContent = `${number()} / ${total}`;
      el.querySelector(".presentation-progress > div").style.width = `${(number() / total) * 100}%`;
      say(`スライド ${number()} / ${total}：${slide.dataset.title}`);
    }
    const url = withMode(new URL(location.href), deck.view);
    url.hash = slide.dataset.key ? `#${encodeURIComponent(slide.dataset.key)}` : "";
    history.replaceState(history.state, "", url.href);
    if (!quiet) sync.send();
    ready(true);
    for (const listener of listeners) listener(state());
  }

  // What the other windows and the presenter view need to know.
  const state = () =>
    deck?.shown && {
      deck: deck.info.number,
      slide: number(),
      total: deck.info.total,
      black: root.hasAttribute("data-presentation-black"),
      view: deck.view,
      element: deck.slides[deck.index],
    };

  // Diagrams ------------------------------------------------------------------------

  // Scale each diagram to the room: as wide as the column allows and as tall as
  // what else is on the slide leaves. The drawing's aspect ratio comes from the
  // host's height at two widths (a drawing made in the browser is in a closed
  // shadow root, so only the host's box can be measured).
  //
  // A slide of text denser than a session's slides may be (the organiser's guide, the home
  // page: tests/test_deck_walk.py holds sessions to 250 characters) gets smaller type instead,
  // down to the slides' smallest (presentation.css), so that it fits the box on a projector.
  function fitDiagrams(slide) {
    // A diagram, or the slides' drawing of one drawn twice (.diagram-wide; .diagram-narrow is for reading).
    const hosts = [...slide.querySelectorAll(":scope > div.mermaid, :scope > .diagram-wide > div.mermaid")];
    slide.style.removeProperty("font-size");
    if (!hosts.length) {
      const style = getComputedStyle(slide);
      const room = slide.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      const used = contentHeight(slide);
      if (used > room && matchMedia("(min-width: 45em)").matches)
        slide.style.fontSize = `${parseFloat(style.fontSize) * Math.max(0.55, (room / used) * 0.98)}px`;
      return;
    }
    for (const host of hosts) unfit(host);
    slide.classList.remove("presentation-slide--beside");
    const style = getComputedStyle(slide);
    const room = slide.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const column = slide.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const aspects = hosts.map(aspectOf);
    // A tall drawing with text on its slide stands beside the text, as tall as the slide allows.
    const text = [...slide.children].filter(
      (c) => !c.matches("div.mermaid, .diagram-wide, .presentation-context") && c.checkVisibility(),
    );
    const beside = hosts.length === 1 && aspects[0] > 0.75 && text.length > 0;
    if (beside) slide.classList.add("presentation-slide--beside");
    const context = slide.querySelector(":scope > .presentation-context");
    const others = beside
      ? (context ? context.getBoundingClientRect().height : 0)
      : contentHeight(slide) - hosts.reduce((sum, h) => sum + h.getBoundingClientRect().height, 0);
    const each = Math.max(0, room - others) / hosts.length;
    hosts.forEach((host, i) => {
      const aspect = aspects[i];
      const full = host.getBoundingClientRect().height;
      if (!aspect || !full) return;
      const natural = full / aspect; // the drawing's width at zoom 1, at most the column
      const target = Math.min(beside ? column * 0.5 : column, (each * 0.96) / aspect);
      const zoom = target / natural;
      host.style.zoom = String(zoom);
      host.style.width = `${target / zoom}px`;
    });
  }

  // A drawing's height over its width, from the host's height at a width of 100 px.
  function aspectOf(host) {
    host.style.width = "100px";
    const aspect = host.getBoundingClientRect().height / 100;
    host.style.removeProperty("width");
    return aspect;
  }

  // The height the slide's content takes, margins included.
  function contentHeight(slide) {
    const children = [...slide.children].filter((c) => c.checkVisibility());
    if (!children.length) return 0;
    const top = children[0].getBoundingClientRect().top - parseFloat(getComputedStyle(children[0]).marginTop);
    const last = children.at(-1);
    return last.getBoundingClientRect().bottom + parseFloat(getComputedStyle(last).marginBottom) - top;
  }

  function unfit(host) {
    host.style.removeProperty("zoom");
    host.style.removeProperty("width");
  }

  // Moving ----------------------------------------------------------------------------
  //
  // One document holds the session while presenting, as reveal.js holds a deck:
  // the session's other pages are fetched once (the service worker has them),
  // parsed and kept aside, and a move to a slide on another page swaps that
  // page's article in, with no page load. Only one page's article is in the
  // document at a time, so its ids, its quizzes (mkdocs-quiz keeps answers
  // per page address) and its scripts behave as on the page itself. A move is
  // synchronous once the page is there; a press that comes before it is
  // counts from where the last press went (`deck.pending`), and the move is
  // made when the page arrives: no press is lost, and no slide is shown on
  // the way.

  // Material's own way to navigate: a click that instant navigation intercepts.
  function navigate(url) {
    const a = document.createElement("a");
    a.href = url.href;
    document.body.append(a);
    a.click();
    a.remove();
  }

  // The session's pages, parsed and kept aside (across instant navigations): pathname → promise.
  const pages = new Map();
  function fetchPage(url) {
    const path = url.pathname;
    if (!pages.has(path)) {
      const request = fetch(url.href)
        .then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.status))))
        .then((text) => {
          const doc = new DOMParser().parseFromString(text, "text/html");
          const body = doc.querySelector("article.md-content__inner[data-deck]");
          if (!body) throw new Error(`no deck in ${path}`);
          // Its stylesheets (the quizzes') apply before the page is swapped in.
          for (const link of body.querySelectorAll(":scope > link[rel=stylesheet]")) {
            const href = new URL(link.getAttribute("href"), url).href;
            if (![...document.head.querySelectorAll("link[rel=stylesheet]")].some((l) => l.href === href)) {
              const copy = document.createElement("link");
              copy.rel = "stylesheet";
              copy.href = href;
              document.head.append(copy);
            }
          }
          return { url: new URL(url.href), body, title: doc.title };
        });
      request.catch(() => pages.delete(path)); // a failed fetch is tried again on the next move
      pages.set(path, request);
    }
    return pages.get(path);
  }
  // A page once it is parsed, or null while it is on its way.
  const parsed = new Map();
  function pageNow(url) {
    const path = url.pathname;
    if (parsed.has(path)) return parsed.get(path);
    fetchPage(url)
      .then((page) => {
        parsed.set(path, page);
        if (deck?.pending !== null && deck?.pending !== undefined) settle();
        prepareNeighbours();
      })
      .catch(() => {
        if (deck && !deck.shown) show(0, { quiet: true }); // rejoining a talk on a page that does not come
      });
    return null;
  }

  // Every page of the session, nearest first, ready for the moves to come.
  function fetchSession(data) {
    const slides = data.decks[deck.info.number]?.slides ?? [];
    const urls = [...new Set(slides.map((s) => s.url))];
    const here = urls.indexOf(slides[number() - 1]?.url);
    urls
      .map((u, i) => [Math.abs(i - here), u])
      .sort((a, b) => a[0] - b[0])
      .forEach(([, u]) => pageNow(new URL(u, data.base)));
  }

  // A fresh copy of a parsed page's article, cut into slides, its diagrams' declarative
  // shadow roots attached (only the document's own parser attaches them).
  function copyOf(page) {
    const body = document.importNode(page.body, true);
    for (const template of body.querySelectorAll("div.mermaid > template[shadowrootmode]")) {
      const host = template.parentElement;
      if (!host.shadowRoot) host.attachShadow({ mode: template.getAttribute("shadowrootmode") }).append(template.content);
      template.remove();
    }
    return { page, body, slides: build(body) };
  }

  // The pages before and after the one on screen, copied and cut while the browser is idle,
  // so that a move to either only swaps an article.
  const prepared = new Map();
  function prepareNeighbours() {
    const slides = deck?.data?.decks[deck.info.number]?.slides;
    if (!slides) return;
    const urls = [...new Set(slides.map((s) => new URL(s.url, deck.data.base).pathname))];
    const at = urls.indexOf(deck.page);
    const wanted = [urls[at - 1], urls[at + 1]].filter(Boolean);
    for (const path of prepared.keys()) if (!wanted.includes(path)) prepared.delete(path);
    const idle = window.requestIdleCallback ?? ((f) => setTimeout(f, 50));
    for (const path of wanted) {
      if (prepared.has(path)) continue;
      idle(
        () => {
          const page = parsed.get(path);
          if (deck && page && !prepared.has(path) && deck.page !== path) prepared.set(path, copyOf(page));
          else if (!page) pageNow(new URL(path, location.href));
        },
        { timeout: 1000 },
      );
    }
  }

  // The parsed page's article in place of the one on screen.
  function swapIn(page) {
    const copy = prepared.get(page.url.pathname) ?? copyOf(page);
    prepared.delete(page.url.pathname);
    const url = withMode(new URL(page.url.href), deck.view);
    history.replaceState(history.state, "", url.href); // before its scripts run: quizzes read the address
    deck.observer?.disconnect();
    deck.container.replaceWith(copy.body);
    deck.container = copy.body;
    deck.slides = copy.slides;
    deck.info = deckInfo(copy.body);
    deck.page = page.url.pathname;
    document.title = page.title;
    // Its scripts run as on a page load (instant navigation does the same).
    for (const old of copy.body.querySelectorAll("script")) {
      const script = document.createElement("script");
      for (const { name, value } of old.attributes) script.setAttribute(name, value);
      script.textContent = old.textContent;
      old.replaceWith(script);
    }
    deck.observer?.observe(copy.body, { childList: true, subtree: true });
    prepareNeighbours();
  }

  // Go to deck.pending now if its page is here; otherwise when it comes.
  function settle() {
    const n = deck.pending;
    if (n === null) return;
    const { first } = deck.info;
    if (n >= first && n < first + deck.slides.length) {
      deck.pending = null;
      return show(n - first, { quiet: true }); // goTo has told the others
    }
    if (!deck.data) return; // decks.json is on its way: enter() settles when it comes
    const entry = deck.data.decks[deck.info.number]?.slides[n - 1];
    const page = entry && pageNow(new URL(entry.url, deck.data.base));
    if (!page) return ready(false);
    swapIn(page);
    settle();
  }

  // Slide N of the session (1-based), on this page or another. QUIET: a move another window made.
  function goTo(n, { quiet = false } = {}) {
    const { total } = deck.info;
    if (!Number.isInteger(n) || n < 1 || n > total) {
      say(n > total ? "最後のスライドです" : "最初のスライドです");
      return false;
    }
    deck.pending = n;
    if (!quiet) sync.send(n); // the other windows go there too, without waiting for this one
    settle();
    return true;
  }

  const step = (by) => goTo((deck.pending ?? number()) + by);

  // The next page's first slide, or the previous page's last.
  function pageStep(by) {
    const at = deck.pending ?? number();
    const slides = deck.data?.decks[deck.info.number]?.slides;
    if (!slides) return goTo(by > 0 ? deck.info.first + deck.slides.length : deck.info.first - 1);
    const url = slides[at - 1].url;
    let n = at;
    if (by > 0) while (n <= slides.length && slides[n - 1].url === url) n++;
    else while (n >= 1 && slides[n - 1].url === url) n--;
    return goTo(n);
  }

  // `data-presentation-ready` on <html>: "true" once the slide asked for is shown and still.
  let readyTimer = 0;
  function ready(shown) {
    root.dataset.presentationReady = "false";
    cancelAnimationFrame(readyTimer);
    if (!shown) return;
    const at = deck.index;
    const page = deck.page;
    readyTimer = requestAnimationFrame(async () => {
      await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {})));
      if (deck && deck.index === at && deck.page === page && deck.pending === null)
        root.dataset.presentationReady = "true";
    });
  }

  function toggleBlack(on = !root.hasAttribute("data-presentation-black"), { quiet = false } = {}) {
    root.toggleAttribute("data-presentation-black", on);
    if (deck.view === PRESENT) say(on ? "画面を暗転しています（B で戻ります）" : `スライド ${number()} / ${deck.info.total}`);
    if (!quiet) sync.send();
    for (const listener of listeners) listener(state());
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
    else root.requestFullscreen?.().catch(() => say("全画面にできませんでした"));
  }

  // The other view of the same slide in a second window: the presenter view from
  // the slides, the slides (for the projector) from the presenter view.
  function openOther() {
    const other = deck.view === PRESENT ? PRESENTER : PRESENT;
    const url = withMode(new URL(location.href), other);
    const w = window.open(url.href, `presentation-${other}`, "popup,width=1280,height=800");
    if (!w) say("ポップアップがブロックされました。ブラウザーの設定で許可してください");
  }

  const ACTIONS = {
    next: () => step(1),
    prev: () => step(-1),
    first: () => goTo(deck.info.first),
    last: () => goTo(deck.info.first + deck.slides.length - 1),
    nextPage: () => pageStep(1),
    prevPage: () => pageStep(-1),
    black: () => toggleBlack(),
    fullscreen: toggleFullscreen,
    overview: () => overview.toggle(),
    goto: () => gotoDialog.open(),
    help: () => help.toggle(),
    qr: () => {
      const dialog = document.querySelector("dialog.presentation-qr");
      if (dialog && !dialog.open) dialog.showModal();
      else if (dialog) dialog.close();
    },
    other: openOther,
    exit: () => exit(),
  };

  // Dialogs: overview (O), jump (G), keys (?) ----------------------------------------------

  function dialog(className, label, inner) {
    let el = document.querySelector(`dialog.${className}`);
    if (el) return el;
    el = document.createElement("dialog");
    el.className = `presentation-dialog ${className}`;
    el.setAttribute("aria-label", label);
    el.innerHTML = inner;
    el.addEventListener("click", (ev) => {
      if (ev.target === el) el.close(); // a click on the backdrop
    });
    document.body.append(el);
    return el;
  }

  const overview = {
    el: null,
    async toggle() {
      if (this.el?.open) return this.el.close();
      let data;
      try {
        data = await decks(deck.info.src);
      } catch {
        return say("スライドの一覧を読み込めませんでした");
      }
      const slides = data.decks[deck.info.number]?.slides ?? [];
      this.el = dialog(
        "presentation-overview",
        "スライド一覧",
        '<h2 class="presentation-dialog__title">スライド一覧</h2><ol class="presentation-overview__list"></ol>' +
          '<form method="dialog"><button class="md-button" type="submit">閉じる（Esc）</button></form>',
      );
      const list = this.el.querySelector("ol");
      list.replaceChildren(
        ...slides.map((entry, i) => {
          const li = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.className = "presentation-overview__slide";
          button.dataset.slide = String(i + 1);
          const n = document.createElement("span");
          n.className = "presentation-overview__number";
          n.textContent = String(i + 1);
          button.append(n, entry.title);
          if (i + 1 === number()) button.setAttribute("aria-current", "step");
          button.addEventListener("click", () => {
            this.el.close();
            goTo(i + 1);
          });
          li.append(button);
          return li;
        }),
      );
      this.el.showModal();
      list.querySelector("[aria-current]")?.focus();
      list.querySelector("[aria-current]")?.scrollIntoView({ block: "nearest" });
    },
    // Arrow keys move between the cards: left and right by one, up and down by a row.
    move(ev) {
      const buttons = [...this.el.querySelectorAll(".presentation-overview__slide")];
      const at = buttons.indexOf(document.activeElement);
      if (at < 0) return false;
      const perRow = Math.max(1, Math.round(this.el.querySelector("ol").clientWidth / buttons[0].offsetWidth));
      const by = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: perRow, ArrowUp: -perRow }[ev.key];
      if (!by) return false;
      buttons[Math.max(0, Math.min(buttons.length - 1, at + by))].focus();
      return true;
    },
  };

  const gotoDialog = {
    open() {
      const el = dialog(
        "presentation-goto",
        "スライド番号で移動",
        '<form class="presentation-goto__form"><label><span class="presentation-goto__label">' +
          'スライドの番号（1〜<span></span>）</span>' +
          '<input type="number" inputmode="numeric" min="1" required></label>' +
          '<button class="md-button" type="submit">移動</button>' +
          '<p class="presentation-goto__error" role="alert"></p></form>',
      );
      const input = el.querySelector("input");
      el.querySelector(".presentation-goto__label span").textContent = String(deck.info.total);
      el.querySelector(".presentation-goto__error").textContent = "";
      input.max = String(deck.info.total);
      input.value = "";
      el.querySelector("form").noValidate = true;
      el.querySelector("form").onsubmit = (ev) => {
        ev.preventDefault();
        const n = Number(input.value);
        if (!Number.isInteger(n) || n < 1 || n > deck.info.total) {
          el.querySelector(".presentation-goto__error").textContent = `1〜${deck.info.total} の番号を入れてください`;
          return;
        }
        el.close();
        goTo(n);
      };
      el.showModal();
      input.focus();
    },
  };

  const KEYS = [
    ["→ / Space / PageDown", "次のスライド"],
    ["← / PageUp", "前のスライド"],
    ["Home / End", "このページの最初 / 最後のスライド"],
    ["N / P", "次のページ / 前のページ"],
    ["G → 番号 → Enter", "その番号のスライドへ"],
    ["O", "スライド一覧（Enter かクリックで移動）"],
    ["B / .", "画面の暗転と復帰"],
    ["F", "全画面の切り替え"],
    ["S", "発表者ビューを別ウィンドウで開く（発表者ビューでは発表画面を開く）"],
    ["Q", "QRコードの表示と非表示"],
    ["T", "発表者ビュー：タイマーの開始と一時停止"],
    ["↓ / ↑", "発表者ビュー：ノートのスクロール"],
    ["?", "このキー一覧"],
    ["Esc", "一覧・QRコード・このキー一覧を閉じる。開いていなければ発表モードを終了"],
  ];

  const help = {
    toggle() {
      const el = dialog(
        "presentation-help",
        "キー操作",
        '<h2 class="presentation-dialog__title">キー操作</h2><table><thead><tr><th scope="col">キー</th>' +
          '<th scope="col">動き</th></tr></thead><tbody></tbody></table>' +
          '<form method="dialog"><button class="md-button" type="submit">閉じる（Esc）</button></form>',
      );
      if (el.open) return el.close();
      el.querySelector("tbody").replaceChildren(
        ...KEYS.map(([key, what]) => {
          const tr = document.createElement("tr");
          for (const cell of [key, what]) tr.insertCell().textContent = cell;
          return tr;
        }),
      );
      el.showModal();
    },
  };

  // Windows in step: BroadcastChannel between windows of this site ----------------------
  //
  // Only numbers cross the channel: a deck's number and a slide's number in it.
  // A message moves this window only to a URL from decks.json, never to one it
  // carries, and is read only from this origin, in the shape written here.
  // The talk's position is also kept in localStorage (as Slidev keeps its
  // state), so that a reloaded window goes straight to where the talk is and
  // moves no other window.

  const sync = {
    channel: null,
    key: "",
    following: false, // this window is on its way to another deck, where another window went
    open(src) {
      if (framed || this.channel) return;
      // One site per channel: sites on one origin (GitHub Pages project sites) keep apart.
      const site = new URL(src, location.href).pathname;
      this.key = `presentation-position:${site}`;
      if (!("BroadcastChannel" in window)) return;
      this.channel = new BroadcastChannel(`presentation:${site}`);
      this.channel.onmessage = (ev) => this.receive(ev);
    },
    // Where the talk is, as the last window that moved left it; null if unknown.
    saved() {
      try {
        const m = JSON.parse(localStorage.getItem(this.key));
        return valid(m) ? m : null;
      } catch {
        return null;
      }
    },
    send(slide = deck?.pending ?? state()?.slide) {
      const s = state();
      if (framed || !s) return;
      const message = { type: "position", deck: s.deck, slide, black: s.black };
      try {
        localStorage.setItem(this.key, JSON.stringify(message));
      } catch {
        // storage full or off: the channel alone keeps the windows in step
      }
      this.channel?.postMessage(message);
    },
    receive(ev) {
      if (ev.origin !== location.origin || !deck) return;
      const m = ev.data;
      if (!valid(m)) return;
      if (m.black !== root.hasAttribute("data-presentation-black")) toggleBlack(m.black, { quiet: true });
      if (m.deck === deck.info.number) return follow(m.slide);
      decks(deck.info.src)
        .then((data) => {
          const url = slideUrl(data, m.deck, m.slide, deck.view);
          if (!url) return;
          this.following = true;
          navigate(url);
        })
        .catch(() => {});
    },
  };

  const valid = (m) =>
    m !== null &&
    typeof m === "object" &&
    m.type === "position" &&
    Number.isInteger(m.deck) &&
    Number.isInteger(m.slide) &&
    typeof m.black === "boolean";

  // Another window moved: go there without telling it back.
  function follow(n) {
    if (n === (deck.pending ?? number())) return;
    goTo(n, { quiet: true });
  }

  // The projector stays on while slides are shown (where the browser allows it).
  const wakeLock = {
    lock: null,
    async take() {
      if (framed || !navigator.wakeLock || document.visibilityState !== "visible") return;
      try {
        this.lock = await navigator.wakeLock.request("screen");
      } catch {
        this.lock = null;
      }
    },
    release() {
      this.lock?.release().catch(() => {});
      this.lock = null;
    },
  };

  // Entering and leaving ---------------------------------------------------------------

  // How a window came to the slides: "lead" (an address typed, a link, Alt+P: the others follow it),
  // "rejoin" (a reload, Back, the window S opened: it goes where the talk is and moves no one),
  // "follow" (another window's move to another session took it there).
  function arrivalFromUrl() {
    if (sync.following || entered) return sync.following ? "follow" : "lead";
    const load = performance.getEntriesByType("navigation")[0];
    if (load && (load.type === "reload" || load.type === "back_forward")) return "rejoin";
    if (window.opener && window.name.startsWith("presentation-")) return "rejoin";
    return "lead";
  }
  let entered = false;

  function enter(view, start, arrival) {
    const container = article();
    if (!container || deck) return;
    const slides = build(container);
    if (!slides.length) return;
    root.setAttribute("data-presentation", view);
    root.dataset.presentationReady = "false";
    if (framed) root.setAttribute("data-presentation-preview", "");
    const info = deckInfo(container);
    const here = location.pathname;
    deck = { container, slides, index: 0, view, info, page: here, home: here, pending: null, data: null, shown: false };
    entered = true;
    sync.following = false;
    if (view === PRESENT) {
      // Diagrams are drawn after the page loads: fit them when they arrive.
      deck.observer = new MutationObserver(() => fitDiagrams(deck.slides[deck.index]));
      deck.observer.observe(container, { childList: true, subtree: true });
      wakeLock.take();
    }
    if (view === PRESENTER && !document.querySelector(`script[src="${PRESENTER_JS}"]`)) {
      const script = document.createElement("script");
      script.src = PRESENTER_JS;
      document.head.append(script);
    }
    sync.open(info.src);
    const saved = arrival === "rejoin" ? sync.saved() : null;
    if (saved && saved.deck === info.number) {
      if (saved.black !== root.hasAttribute("data-presentation-black")) toggleBlack(saved.black, { quiet: true });
      goTo(saved.slide, { quiet: true }); // on this page now, or as soon as its page is here
    } else {
      show(start(slides) ?? 0, { quiet: true });
      if (arrival === "lead") sync.send();
    }
    const mine = deck;
    decks(info.src)
      .then((data) => {
        if (deck !== mine) return;
        deck.data = data;
        fetchSession(data);
        settle();
      })
      .catch(() => {
        if (deck === mine && !deck.shown) show(start(slides) ?? 0, { quiet: true });
        say("スライドの一覧を読み込めませんでした");
      });
  }

  // The page's own look again: no mode styles, no bottom bar.
  function clearMode() {
    root.removeAttribute("data-presentation");
    root.removeAttribute("data-presentation-black");
    delete root.dataset.presentationReady;
    document.querySelector(".presentation-bar")?.remove();
  }

  function exit() {
    if (!deck) return;
    if (deck.view === PRESENTER) window.presenterView?.close();
    const key = deck.slides[deck.index].dataset.key;
    const start = key && deck.container.querySelector(`[data-slide="${CSS.escape(key)}"]`);
    const home = deck.page !== deck.home ? deck.home : null;
    deck.observer?.disconnect();
    for (const host of deck.container.querySelectorAll("div.mermaid")) unfit(host);
    unbuild(deck.slides);
    deck = null;
    wakeLock.release();
    clearMode();
    for (const open of document.querySelectorAll("dialog[open]")) open.close();
    const url = new URL(location.href);
    url.searchParams.delete(PRESENT);
    url.searchParams.delete(PRESENTER);
    url.hash = start?.id ? `#${start.id}` : "";
    if (home) {
      // The talk ended on another page than the one this document loaded: that page as a page (its
      // nav, its table of contents), through instant navigation from the address Material knows.
      const loaded = new URL(url.href);
      loaded.pathname = home;
      loaded.hash = "";
      history.replaceState(history.state, "", loaded.href);
      navigate(url);
      return;
    }
    history.replaceState(history.state, "", url.href);
    // Back where the talk was, in the normal page.
    if (start) start.scrollIntoView();
    else window.scrollTo(0, 0);
    document.querySelector(".presentation-start")?.focus({ preventScroll: true });
  }

  function startFromUrl(slides) {
    const value = params().get(PRESENT);
    if (value === "last") return slides.length - 1;
    return slideFor(slides, hashKey());
  }

  // Keys --------------------------------------------------------------------------------

  const KEYMAP = {
    ArrowRight: "next",
    PageDown: "next",
    " ": "next",
    ArrowLeft: "prev",
    PageUp: "prev",
    Home: "first",
    End: "last",
    n: "nextPage",
    p: "prevPage",
    b: "black",
    ".": "black",
    f: "fullscreen",
    o: "overview",
    g: "goto",
    q: "qr",
    s: "other",
    "?": "help",
    Escape: "exit",
  };
  // Slide keys that win over a focused quiz option or button: a clicker's
  // keys must change the slide, never the answer on it.
  const SLIDE_KEYS = new Set(["ArrowRight", "ArrowLeft", "PageDown", "PageUp", " "]);

  // Keys that belong to the focused control: typing, Enter on buttons and links.
  function ownedByControl(ev) {
    const el = ev.target;
    if (!(el instanceof Element)) return false;
    if (el.isContentEditable || el.matches("textarea, select, input:not([type=radio]):not([type=checkbox])"))
      return true;
    if (SLIDE_KEYS.has(ev.key)) return false;
    return ev.key === "Enter" && el.matches("button, a[href], input, summary, label");
  }

  // A key while one of the mode's dialogs is open: the dialog's own key closes it.
  function dialogKey(ev, open) {
    const closes = {
      "presentation-qr": ["q", "Q"],
      "presentation-overview": ["o", "O"],
      "presentation-help": ["?"],
    };
    const name = Object.keys(closes).find((c) => open.classList.contains(c));
    const clicker = ["PageDown", "PageUp"].includes(ev.key) || (name === "presentation-qr" && SLIDE_KEYS.has(ev.key));
    if ((name && closes[name].includes(ev.key) && !ownedByControl(ev)) || clicker) {
      ev.preventDefault(); // a clicker has no Esc: its keys close the dialog
      open.close();
    } else if (name === "presentation-overview" && overview.move(ev)) {
      ev.preventDefault();
    }
    ev.stopPropagation(); // Material's keys stay off while a dialog is open
  }

  function onKey(ev) {
    if (ev.isComposing || ev.defaultPrevented || framed) return;
    const toggle = ev.altKey && !ev.ctrlKey && !ev.metaKey && ev.code === "KeyP";
    if (!deck) {
      if (toggle && !ownedByControl(ev)) {
        ev.preventDefault();
        ev.stopPropagation(); // Material's handler would read Alt+p as "p", its previous-page key
        start();
      }
      return;
    }
    const open = document.querySelector("dialog[open]");
    if (open) return dialogKey(ev, open);
    if (ev.ctrlKey || ev.metaKey || (ev.altKey && !toggle) || ownedByControl(ev)) return;
    if ((ev.key === "ArrowUp" || ev.key === "ArrowDown") && ev.target instanceof Element && ev.target.matches?.("input[type=radio]")) {
      ev.preventDefault(); // on a slide an answer is chosen by click: ↑ ↓ must not change it
      ev.stopPropagation();
      return;
    }
    const action = toggle ? "exit" : KEYMAP[ev.key.length === 1 ? ev.key.toLowerCase() : ev.key] ?? KEYMAP[ev.key];
    if (action) ACTIONS[action]();
    if (action || MATERIAL_KEYS.has(ev.key)) {
      ev.preventDefault();
      ev.stopPropagation(); // before Material's own handler on window
    }
  }

  function start() {
    const container = article();
    if (!container) return;
    const key = hashKey() || keyInView(container);
    history.replaceState(history.state, "", withMode(new URL(location.href), PRESENT).href);
    enter(PRESENT, (slides) => slideFor(slides, key), "lead");
  }

  // The header button ---------------------------------------------------------------------

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

  // Each document ---------------------------------------------------------------------------

  function onDocument() {
    if (deck && !deck.container.isConnected) {
      // Instant navigation replaced the page under the mode.
      deck.observer?.disconnect();
      deck = null;
    }
    headerButton();
    const view = modeOf(new URL(location.href));
    if (view && article()) enter(view, startFromUrl, arrivalFromUrl());
    else if (!deck) clearMode();
  }

  // A link on a slide to another page of the site opens it in the mode too.
  document.addEventListener(
    "click",
    (ev) => {
      const a = deck && !framed && ev.target.closest?.(".presentation-slide a[href]");
      if (!a || ev.defaultPrevented || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || a.target) return;
      const url = new URL(a.href, location.href);
      const here = new URL(location.href);
      if (url.origin !== here.origin || !url.pathname.startsWith(new URL("../../", new URL(deck.info.src, here)).pathname))
        return; // another site: the link as it is
      if (url.pathname === here.pathname) return; // a link within the page: Material's own
      ev.preventDefault();
      ev.stopPropagation();
      // A page of the session: its slide (the one the link's anchor starts, or its first), in this document.
      const slides = deck.data?.decks[deck.info.number]?.slides ?? [];
      const on = (s) => new URL(s.url, deck.data.base).pathname === url.pathname;
      const key = hashKey(url.hash);
      const n = slides.findIndex((s) => on(s) && s.key === key) + 1 || slides.findIndex(on) + 1;
      if (n) goTo(n);
      else navigate(withMode(url, deck.view));
    },
    true,
  );

  // A hash typed or set by the presenter view on a preview: show that slide.
  addEventListener("hashchange", () => {
    if (!deck) return;
    const index = slideFor(deck.slides, hashKey());
    if (index !== null && index !== deck.index) show(index, { quiet: true });
  });
  addEventListener("keydown", onKey, true);
  addEventListener("resize", () => deck?.view === PRESENT && fitDiagrams(deck.slides[deck.index]));
  document.addEventListener("visibilitychange", () => deck?.view === PRESENT && wakeLock.take());

  // A slide's notes for the presenter: the organiser's talking points (`<template class="slide-note
  // talking-points">`, hooks/talking_points.py) first, then what the slide keeps for the presenter
  // (`.slide-note`, and the 2026 supplements), each once (not a note inside another).
  function notesOf(slide) {
    const talk = [...slide.querySelectorAll("template.talking-points")];
    const rest = [...slide.querySelectorAll(".slide-note:not(template), .supplement")];
    return [...talk, ...rest.filter((el) => !rest.some((other) => other !== el && other.contains(el)))];
  }

  // For presenter.js (and a script that prints the deck): the deck, moving through it, word of every change.
  window.presentation = {
    state,
    decks: () => decks(deck.info.src),
    slideUrl,
    goTo,
    step,
    actions: ACTIONS,
    onChange: (listener) => listeners.push(listener),
    notesOf,
  };

  if (window.document$) window.document$.subscribe(onDocument);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onDocument);
  else onDocument();
})();
