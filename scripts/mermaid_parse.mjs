// Mermaid's own parser over many diagrams in one Node process, for overrides/hooks/diagrams.py.
//
// Usage: node mermaid_parse.mjs MERMAID_ESM_FILE < diagrams.json
// stdin: a JSON array of diagram texts. stdout: a JSON array, in the same order,
// of null (parses) or Mermaid's error message. Drawing needs a browser
// (scripts/render_diagrams.py); parsing does not.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

// Mermaid's bundled DOMPurify sets itself up from `window` as the module loads. A
// window that it finds but cannot sanitize with leaves it a pass-through (text
// is returned as given): enough to parse, which is all that is done here. It is
// taken away again as soon as Mermaid is loaded.
globalThis.window = { document: { nodeType: 9, createElement: () => ({}) }, Element: class {} };
const { default: mermaid } = await import(pathToFileURL(process.argv[2]).href);
delete globalThis.window;
const texts = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const text of texts) {
  try {
    await mermaid.parse(text);
    results.push(null);
  } catch (error) {
    results.push(String(error?.message ?? error));
  }
}
process.stdout.write(JSON.stringify(results));
