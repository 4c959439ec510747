// Each diagram of the page as Material drew it, made a finished, standalone SVG.
// scripts/render_diagrams.py passes this function to Playwright's page.evaluate,
// and gets back, in page order, { id, svg } for every div.mermaid.
//
// - CSS: Mermaid's and Material's rules are for every kind of diagram, and a
//   flowchart matches a fifth of them. Only the rules that match something in
//   the drawing stay (the browser's own selector matching decides; hover and
//   focus rules count as used), and @keyframes only if a rule that stays
//   animates with them.
// - The CSSOM writes type selectors in lower case (foreignobject): put back as
//   SVG spells them, which an SVG file, an XML document, needs (svgCase).
// - Labels were measured in the drawing machine's font (Noto Sans CJK JP); a
//   reader's system font may be a little wider: better a label that runs over
//   its box than one that is cut off (LABELS_MAY_RUN_OVER).
// - Material's colours are custom properties that the page defines, in its
//   light or dark scheme. A `:root` rule gives them the light scheme's values:
//   it matches when the file is opened on its own, and never in a page, where
//   the drawing is in a shadow root and follows the page's scheme.
// - Less what nothing refers to: Mermaid defines a dozen arrowheads, keeps each
//   edge's points and names as data for scripts, and gives every node and edge
//   an id. Coordinates keep one decimal: a twentieth of a pixel at most, where
//   Mermaid writes up to sixteen digits.
// - Serialized as XML (XMLSerializer): a file that any SVG viewer opens, and
//   that the HTML parser reads into the same elements.
() => {
  const LABELS_MAY_RUN_OVER = "foreignObject { overflow: visible; }";
  const PSEUDO = /::?(hover|focus-visible|focus-within|focus|active|visited|before|after)(?![\w-])/g;

  const usedRules = (root, style) => {
    const matches = (rule) => {
      try {
        return root.querySelector(rule.selectorText.replace(PSEUDO, "")) !== null;
      } catch {
        return true;
      }
    };
    const kept = [...style.sheet.cssRules].filter((rule) => !(rule instanceof CSSStyleRule) || matches(rule));
    const animations = new Set(
      kept.flatMap((rule) => (rule instanceof CSSStyleRule ? rule.style.animationName.split(/,\s*/) : [])),
    );
    return kept
      .filter((rule) => !(rule instanceof CSSKeyframesRule) || animations.has(rule.name))
      .map((rule) => rule.cssText.replace(/\s*\n\s*/g, " "));
  };

  const svgCase = (svg, rules) => {
    const names = [...new Set([...svg.querySelectorAll("*")].map((element) => element.localName))];
    const camel = names.filter((name) => name !== name.toLowerCase());
    return rules.map((rule) =>
      camel.reduce(
        (text, name) => text.replace(new RegExp(`(?<![\\w.#-])${name}(?![\\w-])`, "gi"), name),
        rule,
      ),
    );
  };

  const lightScheme = (host, css) => {
    const names = [...new Set(css.match(/var\(--[\w-]+/g) ?? [])].map((name) => name.slice(4)).sort();
    const values = getComputedStyle(host);
    const declarations = names.map((name) => `${name}: ${values.getPropertyValue(name).trim()};`);
    return declarations.length ? [`:root { ${declarations.join(" ")} }`] : [];
  };

  const slim = (svg, css) => {
    const markup = svg.outerHTML;
    const labels = [svg, ...svg.querySelectorAll("[aria-labelledby], [aria-describedby]")].flatMap((element) =>
      `${element.getAttribute("aria-labelledby") ?? ""} ${element.getAttribute("aria-describedby") ?? ""}`.split(/\s+/),
    );
    const named = (id) =>
      markup.includes(`#${id})`) || markup.includes(`"#${id}"`) || css.includes(`#${id}`) || labels.includes(id);
    for (const element of svg.querySelectorAll("[id]")) {
      if (named(element.id)) continue;
      if (element.matches("marker, filter")) element.remove();
      else element.removeAttribute("id");
    }
    for (const element of svg.querySelectorAll("*")) {
      for (const { name, value } of [...element.attributes]) {
        if (name.startsWith("data-") && !css.includes(`[${name}`)) element.removeAttribute(name);
        else if (name === "style" && value.replaceAll(";", "").trim() === "") element.removeAttribute(name);
      }
    }
    const oneDecimal = (value) => value.replace(/-?\d*\.\d{2,}/g, (n) => String(Math.round(Number(n) * 10) / 10));
    for (const element of [svg, ...svg.querySelectorAll("*")])
      for (const name of ["d", "transform", "x", "y", "width", "height", "viewBox", "points", "style"])
        if (element.hasAttribute(name)) element.setAttribute(name, oneDecimal(element.getAttribute(name)));
  };

  return [...document.querySelectorAll("div.mermaid")].map((host) => {
    const root = host.shadowRoot;
    const svg = root.querySelector("svg");
    const styles = root.querySelectorAll("style");
    if (styles.length !== 1 || styles[0].parentNode !== svg)
      throw new Error(`${svg.id}: ${styles.length} <style> elements, not one in the <svg>`);
    const style = styles[0];
    style.sheet.insertRule(LABELS_MAY_RUN_OVER, style.sheet.cssRules.length);
    style.textContent = usedRules(root, style).join("\n");
    slim(svg, style.textContent);
    // Again: the arrowheads that slim() took away had rules of their own (.marker.cross).
    const rules = svgCase(svg, usedRules(root, style));
    style.textContent = [...lightScheme(host, rules.join("\n")), ...rules].join("\n");
    return { id: svg.id, svg: new XMLSerializer().serializeToString(svg) };
  });
};
