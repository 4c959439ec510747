// Run by scripts/render_diagrams.py before a page's own scripts (Playwright's add_init_script).

// Material draws into a closed shadow root; opened so that the drawing can be read.
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attachShadow.call(this, { ...init, mode: "open" });
};

// A diagram Mermaid cannot draw rejects Material's promise: noted, so that the wait ends at once.
addEventListener("unhandledrejection", () => {
  window.__drawingFailed = true;
});
addEventListener("error", () => {
  window.__drawingFailed = true;
});
