// Diagrams come drawn at build time (overrides/hooks/diagrams.py), as a
// declarative shadow root in the page. The HTML parser attaches those on a
// full load; instant navigation parses the next page with DOMParser, which
// does not, so this attaches them to each new page.
//
// Material draws any other diagram (one without a drawing yet, as while
// editing it under `make serve`) with the global `mermaid`, which it would
// fetch from unpkg. The stand-in below loads the self-hosted ESM build
// instead, and sets Mermaid up exactly as scripts/render_diagrams.py draws the
// diagrams for the build: it draws them through this file.
(() => {
  if (window.mermaid) return; // instant navigation may run this script again

  const attachShadowRoots = () => {
    for (const template of document.querySelectorAll("div.mermaid > template[shadowrootmode]")) {
      const host = template.parentElement;
      if (!host.shadowRoot) host.attachShadow({ mode: template.getAttribute("shadowrootmode") }).append(template.content);
      template.remove();
    }
  };
  window.document$?.subscribe(attachShadowRoots);

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
