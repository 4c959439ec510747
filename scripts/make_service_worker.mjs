// Write SITE_DIR/sw.js: the service worker that keeps the whole built site for offline reading.
//
// Usage: node scripts/make_service_worker.mjs SITE_DIR FALLBACK
//
// FALLBACK: the built page (under SITE_DIR) that answers a navigation to a page not in the precache.
//
// Run by overrides/hooks/offline.py after `mkdocs build`, on the finished site. workbox-build's
// generateSW lists every file a reader may need offline, each with a hash of its content (a new
// build changes sw.js, and the browser installs the new version beside the old one), and writes
// one file with the Workbox runtime inlined. Prints the precache count and size, and Workbox's
// warnings on stderr (offline.py logs them as warnings: a strict build fails on them).
//
// The precache budget (ARCHITECTURE.md, Offline): no file over FILE_LIMIT, Workbox's own default
// limit, which would otherwise leave the file out of the worker silently (the search index grows
// with every page's text), and no more than BUDGET in all, which a reader's browser fetches in the
// background after a first visit. Either fails, naming the files.
// Exit codes: 0 written, 1 generateSW failed, 2 usage error (no such built site), 3 over the budget.

import { existsSync } from "node:fs";
import path from "node:path";
import { generateSW } from "workbox-build";

const MB = 1024 * 1024;
const FILE_LIMIT = 2 * MB;
const BUDGET = 4 * MB;
const mb = (bytes) => `${(bytes / MB).toFixed(1)} MB`;

const [siteDir, fallback] = process.argv.slice(2);
if (!siteDir || !existsSync(path.join(siteDir, "index.html"))) {
  console.error(`make_service_worker.mjs: ${siteDir ?? "(no SITE_DIR)"}: no built site (index.html) there`);
  process.exit(2);
}
if (!fallback || !existsSync(path.join(siteDir, fallback))) {
  console.error(`make_service_worker.mjs: ${path.join(siteDir, fallback ?? "(no FALLBACK)")}: no such page for the offline answer`);
  process.exit(2);
}

// Every file the precache lists, with its size, seen before Workbox could leave any out.
const listed = [];
const noteSizes = async (manifest) => {
  listed.push(...manifest.map(({ url, size }) => ({ url, size })));
  return { manifest, warnings: [] };
};

try {
  const { count, size, warnings } = await generateSW({
    globDirectory: siteDir,
    swDest: path.join(siteDir, "sw.js"),
    inlineWorkboxRuntime: true, // one file, nothing fetched from a CDN
    mode: "production",
    sourcemap: false,
    // No pdf: the slides PDFs (slides/, make slides) are downloads, not kept offline (docs/offline.md says so).
    globPatterns: ["**/*.{html,css,js,mjs,json,svg,png,webmanifest,xml}"],
    globIgnores: [
      "sw.js",
      "404.html", // the host's answer to a missing page; offline, offline/index.html answers
      "link-sources.json", // the link checker's record of where each link was written: not for readers
      "assets/cards/**", // the share cards (og:image) are for the sites a link is shared on, not for readers
      // Mermaid draws only diagrams that are not drawn yet (make diagrams): no reader needs it.
      "assets/vendor/mermaid/**",
      // Search loads lunr's Japanese support only (lang: ja); the other languages stay online.
      "assets/javascripts/lunr/wordcut.js",
      "assets/javascripts/lunr/min/!(lunr.stemmer.support|lunr.multi|lunr.ja).min.js",
    ],
    // Material's hashed files need no revision of their own.
    dontCacheBustURLsMatching: /\.[0-9a-f]{8}\.min\.(?:js|css)$/,
    directoryIndex: "index.html",
    // Every query string is the page's own business (?present, ?presenter, ?h= from search,
    // ?q=): the page is the same file.
    ignoreURLParametersMatching: [/.*/],
    // No file is left out for its size: the budget below fails the build instead.
    maximumFileSizeToCacheInBytes: Number.MAX_SAFE_INTEGER,
    manifestTransforms: [noteSizes],
    cleanupOutdatedCaches: true,
    // A new version waits until the reader clicks 再読み込み (offline.js), never half-way through
    // a quiz; on the first visit, the worker takes the open page at once, so that it works offline
    // without a reload.
    skipWaiting: false,
    clientsClaim: true,
    // A page that is not in this version (never published, or published by a build the reader has not
    // taken yet): the precached page that says so, online or offline. The network would answer with
    // another version's page and nav among this version's pages, as when a new sw.js cannot be fetched.
    navigateFallback: fallback,
  });
  for (const warning of warnings) console.error(`make_service_worker.mjs: warning: ${warning}`);
  const over = budgetProblems(size);
  if (over.length) {
    for (const problem of over) console.error(`make_service_worker.mjs: ${problem}`);
    process.exit(3);
  }
  console.log(`sw.js: ${count} files precached, ${(size / 1000).toFixed(1)} KB`);
} catch (error) {
  console.error(`make_service_worker.mjs: ${siteDir}: ${error.message}`);
  process.exit(1);
}

function budgetProblems(total) {
  const problems = listed
    .filter(({ size }) => size > FILE_LIMIT)
    .map(({ url, size }) => {
      const why = url.endsWith("search_index.json") ? " (it holds every page's text: is a page too long?)" : "";
      return (
        `${url} is ${mb(size)}, over the ${mb(FILE_LIMIT)} a file of the offline precache may have${why}; ` +
        "Workbox would leave it out of sw.js, and it would not work offline: make it smaller"
      );
    });
  if (total > BUDGET) {
    const largest = [...listed].sort((a, b) => b.size - a.size).slice(0, 3);
    problems.push(
      `the offline precache is ${mb(total)}, over its budget of ${mb(BUDGET)} (ARCHITECTURE.md, Offline); ` +
        `its largest files: ${largest.map(({ url, size }) => `${url} (${mb(size)})`).join(", ")}`,
    );
  }
  return problems;
}
