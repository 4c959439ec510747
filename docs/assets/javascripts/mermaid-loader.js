// Material draws diagrams with the global `mermaid`, and fetches it from unpkg
// when there is none. This stand-in loads the self-hosted ESM build on first
// use instead: only pages with diagrams download it, after first paint, and no
// request leaves the site.
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
  window.mermaid = {
    initialize(config) {
      options = { ...config };
    },
    async render(id, text) {
      return (await load()).render(id, text);
    },
    async parse(text) {
      return (await load()).parse(text);
    },
  };
})();
