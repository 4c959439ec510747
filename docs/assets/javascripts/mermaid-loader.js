// Material draws diagrams with the global `mermaid`, and fetches it from unpkg
// when there is none. This stand-in loads the self-hosted ESM build on first
// use instead: only pages with diagrams download it, and no request leaves the
// site.
//
// It also draws each diagram only when the reader comes near it: Mermaid's
// loading and layout are long main-thread tasks, which at page load would
// delay the reader's first taps and scrolls. On the handout (/print/), in
// presentation mode and before printing, it draws every diagram at once.
(() => {
  if (window.mermaid) return; // instant navigation may run this script again
  const moduleUrl = new URL("../vendor/mermaid/mermaid.esm.min.mjs", document.currentScript.src).href;
  let options = {};
  let ready;
  const load = () =>
    (ready ??= import(moduleUrl).then(({ default: mermaid }) => {
      // Mermaid 12's default "neo" look paints nodes itself and would override
      // Material's colours, which follow the light/dark scheme; its default
      // ELK layout alone weighs 500 KB gzipped, dagre is already in the core.
      // Labels are measured in this font, so it must be the one the page shows;
      // Mermaid 12 wraps node labels at 120 px, which splits Japanese words.
      const fontFamily = getComputedStyle(document.body).fontFamily;
      mermaid.initialize({
        ...options,
        look: "classic",
        theme: "default",
        layout: "dagre",
        fontFamily,
        flowchart: { ...options.flowchart, wrappingWidth: 260 },
      });
      return mermaid;
    }));

  // When to draw ----------------------------------------------------------------

  const eager = () =>
    document.getElementById("print-site-page") !== null ||
    document.documentElement.hasAttribute("data-presentation") ||
    new URL(location.href).searchParams.has("present");

  const waiting = new Map(); // <pre class="mermaid"> -> its go-ahead
  const release = (pre) => {
    observer.unobserve(pre);
    waiting.get(pre)?.();
    waiting.delete(pre);
  };
  const releaseAll = () => [...waiting.keys()].forEach(release);
  const watch = (rootMargin) =>
    new IntersectionObserver((entries) => entries.forEach((entry) => entry.isIntersecting && release(entry.target)), {
      rootMargin,
    });
  // Until the reader scrolls, only the diagrams on screen: the others would
  // compete with the page's own loading. Then a screen ahead, so that a diagram
  // is usually drawn before it scrolls into view.
  let observer = watch("0px");
  addEventListener(
    "scroll",
    () => {
      observer.disconnect();
      observer = watch("100% 0px");
      for (const pre of waiting.keys()) observer.observe(pre);
    },
    { once: true, passive: true },
  );
  addEventListener("beforeprint", releaseAll);
  // presentation.js marks <html> when the mode starts (Alt+P, the header button).
  new MutationObserver(() => eager() && releaseAll()).observe(document.documentElement, {
    attributeFilter: ["data-presentation"],
  });

  // Material renders the diagrams in document order and passes only their text:
  // the first <pre> with that text not yet handed out is the one.
  const claimed = new WeakSet();
  function source(text) {
    for (const pre of document.querySelectorAll("pre.mermaid"))
      if (!claimed.has(pre) && pre.textContent === text) {
        claimed.add(pre);
        return pre;
      }
    return null;
  }

  function nearby(pre) {
    for (const old of waiting.keys())
      if (!old.isConnected) {
        observer.unobserve(old); // left behind by instant navigation
        waiting.delete(old);
      }
    if (!pre || eager()) return Promise.resolve();
    return new Promise((resolve) => {
      waiting.set(pre, resolve);
      observer.observe(pre);
    });
  }

  // One diagram at a time, each after a new task, so that input is handled in between.
  let turn = Promise.resolve();
  const nextTask = () => new Promise((resolve) => setTimeout(resolve));

  window.mermaid = {
    initialize(config) {
      options = { ...config };
    },
    async render(id, text) {
      await nearby(source(text));
      const drawn = turn.then(nextTask).then(load).then((mermaid) => mermaid.render(id, text));
      turn = drawn.catch(() => {});
      return drawn;
    },
    async parse(text) {
      return (await load()).parse(text);
    },
  };
})();
