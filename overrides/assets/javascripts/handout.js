// The handout (/print/ only, linked by overrides/main.html with blocking="render": it runs before the
// first paint, without holding up the parser).
//
// The handout's far pages wait until the reader nears them (handout.css, content-visibility), on a
// plain visit only: a return (back, forward, reload) puts back a scroll position, which placeholders
// would make wrong. Once the page has loaded, each far page is drawn for a frame, one per idle
// moment, so that its placeholder takes its real height and scroll positions mean what they would
// without placeholders.
if (performance.getEntriesByType("navigation")[0]?.type === "navigate") {
  const root = document.documentElement;
  root.dataset.handoutLazy = "";
  addEventListener("popstate", () => delete root.dataset.handoutLazy, { once: true });
  const idle = window.requestIdleCallback ?? ((callback) => setTimeout(callback, 50));
  addEventListener("load", () => {
    const far = [...document.querySelectorAll("#print-site-page section.print-page section.print-page")];
    const drawNext = () => {
      const page = far.shift();
      if (!page) {
        if ("handoutLazy" in root.dataset) root.dataset.handoutLazy = "measured";
        return;
      }
      page.style.contentVisibility = "visible";
      requestAnimationFrame(() => requestAnimationFrame(() => {
        page.style.removeProperty("content-visibility");
        idle(drawNext);
      }));
    };
    idle(drawNext);
  });
}
