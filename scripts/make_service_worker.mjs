// Write SITE_DIR/sw.js: the service worker that keeps the whole built site for offline reading.
//
// Usage: node scripts/make_service_worker.mjs SITE_DIR FALLBACK
//
// FALLBACK: the built page (under SITE_DIR) that answers a page not in the precache while offline.
//
// Run by overrides/hooks/offline.py after `mkdocs build`, on the finished site. workbox-build's
// generateSW lists every file a reader may need offline, each with a hash of its content (a new
// build changes sw.js, and the browser installs the new version beside the old one), and writes
// one file with the Workbox runtime inlined. Prints the precache count and size.
// Exit codes: 0 written, 1 generateSW failed, 2 usage error (no such built site).

import { existsSync } from "node:fs";
import path from "node:path";
import { generateSW } from "workbox-build";

const [siteDir, fallback] = process.argv.slice(2);
if (!siteDir || !existsSync(path.join(siteDir, "index.html"))) {
  console.error(`make_service_worker.mjs: ${siteDir ?? "(no SITE_DIR)"}: no built site (index.html) there`);
  process.exit(2);
}
if (!fallback || !existsSync(path.join(siteDir, fallback))) {
  console.error(`make_service_worker.mjs: ${path.join(siteDir, fallback ?? "(no FALLBACK)")}: no such page for the offline answer`);
  process.exit(2);
}

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
    maximumFileSizeToCacheInBytes: 5 * 1024 * 1024, // the search index and /print/ are the largest
    cleanupOutdatedCaches: true,
    // A new version waits until the reader clicks 再読み込み (offline.js), never half-way through
    // a quiz; on the first visit, the worker takes the open page at once, so that it works offline
    // without a reload.
    skipWaiting: false,
    clientsClaim: true,
    runtimeCaching: [
      {
        // Any page that was never published (not in the precache): the Japanese offline page.
        urlPattern: ({ request }) => request.mode === "navigate",
        handler: "NetworkOnly",
        options: { precacheFallback: { fallbackURL: fallback } },
      },
    ],
  });
  for (const warning of warnings) console.error(`make_service_worker.mjs: warning: ${warning}`);
  console.log(`sw.js: ${count} files precached, ${(size / 1000).toFixed(1)} KB`);
} catch (error) {
  console.error(`make_service_worker.mjs: ${siteDir}: ${error.message}`);
  process.exit(1);
}
