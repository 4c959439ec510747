// Diagrams on a phone: a wide one says that it continues, and any one opens
// whole in a dialog that zooms.
//
// Each drawing is an inline <svg> in the declarative shadow root of its
// div.mermaid (overrides/hooks/diagrams.py). On a narrow screen a wide one
// scrolls sideways in its own box, never shrinking below 12.8 px labels
// (diagram_size.py). Here:
//
// - A diagram whose drawing is wider than its box gets the class
//   `diagram-scrolls` (site.css fades its right edge until it is scrolled to
//   the end), and after it a line 「横にスクロールできます」 with a
//   「全体を表示」 button. Nothing wraps the diagram: presentation mode looks
//   for it as a direct child of its slide, and site.css hides the line there.
// - A tap on a diagram, or the button, opens one <dialog> with a copy of the
//   drawing (in a shadow root of its own, so that its styles and ids stay
//   scoped as in the page), first fitted whole to the screen, then zoomed with
//   the ＋/− buttons (or the + and - keys, or the browser's pinch). It closes
//   with its 閉じる button, Esc (the dialog's own cancel), a tap outside the
//   drawing, or the back gesture: opening pushes a history entry with the
//   same URL, whose popstate closes it. Material's instant navigation sees that
//   popstate too, but a URL that did not change makes it fetch and scroll nothing.
// - Slides (`data-presentation` on <html>) never open it: presentation mode
//   scales its diagrams itself.
//
// A library was not worth it: mkdocs-glightbox and PhotoSwipe zoom images, not
// inline SVG, and this is one <dialog> the browser already makes modal,
// focus-trapped and closable with Esc.
(() => {
  if (window.__diagramZoom) return; // instant navigation may run this script again
  window.__diagramZoom = true;

  const HOST = ".md-typeset div.mermaid";
  const ZOOMS = [1, 1.5, 2, 3, 4]; // times the fitted size
  const presenting = () => document.documentElement.hasAttribute("data-presentation");

  let dialog, stage, title, level, fitted, svg, pushed = false;

  const build = () => {
    dialog = document.createElement("dialog");
    dialog.className = "diagram-zoom";
    dialog.setAttribute("aria-labelledby", "diagram-zoom-title");
    dialog.innerHTML =
      '<div class="diagram-zoom__bar">' +
      '<p class="diagram-zoom__title" id="diagram-zoom-title"></p>' +
      '<button type="button" class="diagram-zoom__button" data-zoom="-1" aria-label="縮小">−</button>' +
      '<button type="button" class="diagram-zoom__button" data-zoom="1" aria-label="拡大">＋</button>' +
      '<button type="button" class="diagram-zoom__button diagram-zoom__close">閉じる</button>' +
      "</div>" +
      // A keyboard user scrolls the zoomed drawing with the arrow keys.
      '<div class="diagram-zoom__view" tabindex="0" role="group" aria-label="図（ピンチまたは＋と−で拡大・縮小）">' +
      '<div class="diagram-zoom__stage"></div></div>';
    title = dialog.querySelector(".diagram-zoom__title");
    stage = dialog.querySelector(".diagram-zoom__stage").attachShadow({ mode: "open" });
    dialog.addEventListener("click", (event) => {
      const zoom = event.target.closest("[data-zoom]");
      if (zoom) setLevel(level + Number(zoom.dataset.zoom));
      else if (event.target.closest(".diagram-zoom__close") || event.target === dialog) dialog.close();
      else if (event.target.matches(".diagram-zoom__view, .diagram-zoom__stage")) dialog.close(); // beside the drawing
    });
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "+" || event.key === "=") setLevel(level + 1);
      else if (event.key === "-") setLevel(level - 1);
      // Material's shortcuts (/ opens search) and presentation mode's listen on the window:
      // none of them is for the page behind the dialog. Esc still closes it (the dialog's default).
      event.stopPropagation();
    });
    dialog.addEventListener("close", () => {
      stage.replaceChildren();
      if (pushed) {
        pushed = false;
        history.back(); // the entry open() pushed: the back gesture then leaves the page as usual
      }
    });
    document.body.append(dialog);
  };

  // The drawing's size at `level`: 1 is the whole drawing within the view.
  const setLevel = (next) => {
    level = Math.max(0, Math.min(ZOOMS.length - 1, next));
    svg.style.width = `${Math.round(fitted * ZOOMS[level])}px`;
    dialog.querySelector('[data-zoom="-1"]').disabled = level === 0;
    dialog.querySelector('[data-zoom="1"]').disabled = level === ZOOMS.length - 1;
  };

  const open = (host) => {
    const drawing = host.shadowRoot?.querySelector("svg");
    if (!drawing || presenting()) return;
    if (!dialog) build();
    svg = drawing.cloneNode(true);
    svg.removeAttribute("aria-describedby"); // the dialog names the drawing; its own <title> stays inside
    svg.style.maxWidth = "none";
    svg.style.minWidth = "0";
    svg.style.height = "auto";
    svg.style.flex = "none";
    svg.style.margin = "auto";
    stage.replaceChildren(svg);
    title.textContent = drawing.querySelector("title")?.textContent || "図";
    dialog.showModal();
    if (!pushed) {
      history.pushState(history.state, "");
      pushed = true;
    }
    const view = dialog.querySelector(".diagram-zoom__view");
    const box = drawing.viewBox.baseVal;
    const natural = parseFloat(host.style.getPropertyValue("--diagram-width")) || box.width;
    const room = view.getBoundingClientRect();
    // Whole: as wide as the view allows and as tall as it allows, never larger than drawn.
    fitted = Math.min(natural, room.width - 16, ((room.height - 16) * box.width) / box.height);
    setLevel(0);
    view.scrollTo(0, 0);
    dialog.querySelector(".diagram-zoom__close").focus();
  };

  addEventListener("popstate", () => {
    if (!pushed) return;
    pushed = false; // the back gesture took the entry open() pushed
    dialog.close();
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest?.(".diagram-hint__open");
    const host = button ? button.parentElement.previousElementSibling : event.target.closest?.(HOST);
    if (host?.matches(HOST) && !presenting()) open(host);
  });

  // The hint line and the fade, for each diagram wider than its box (again when the box resizes).
  const hinted = new WeakSet();
  const update = (host) => {
    const scrolls = host.scrollWidth > host.clientWidth + 1;
    host.classList.toggle("diagram-scrolls", scrolls);
    host.classList.toggle("diagram-scrolled-end", host.scrollLeft + host.clientWidth >= host.scrollWidth - 1);
    let hint = host.nextElementSibling?.classList.contains("diagram-hint") ? host.nextElementSibling : null;
    if (scrolls && !hint) {
      hint = document.createElement("p");
      hint.className = "diagram-hint";
      hint.setAttribute("data-search-exclude", "");
      hint.innerHTML =
        '<span class="diagram-hint__text">横にスクロールできます</span>' +
        '<button type="button" class="diagram-hint__open md-button">全体を表示</button>';
      host.after(hint);
    }
    if (hint) hint.hidden = !scrolls;
  };
  const resized = new ResizeObserver((entries) =>
    entries.forEach(({ target }) => (target.isConnected ? update(target) : resized.unobserve(target))),
  );
  const setUp = () => {
    for (const host of document.querySelectorAll(HOST)) {
      // Not in the handout (/print/), which is for paper: a hint added after load would move the text
      // under it once the browser has put a reload's scroll position back.
      if (hinted.has(host) || !host.shadowRoot || host.closest("#print-site-page")) continue;
      hinted.add(host);
      resized.observe(host);
      host.addEventListener("scroll", () => update(host), { passive: true });
    }
  };
  // Material's document$ emits on the first page and after each instant navigation.
  if (window.document$) window.document$.subscribe(setUp);
  else setUp();
})();
