// The service worker's side in the page: register it, say when the site reads offline, offer a new version.
//
// An ES module that overrides/main.html imports once the page has loaded and the browser is idle,
// only in a site that `mkdocs build` made (overrides/hooks/offline.py writes sw.js). It takes the
// site's root from its own address (assets/javascripts/offline.js), so a site under a sub-path
// registers its worker there. workbox-window (vendored) does the registering and tells:
// - the worker controls the page: every file of the site is kept (its install fetched them all),
//   so the footer says 「オフラインでも読めます」;
// - a new build is installed and waiting: a notice 「新しい版があります」 with a 再読み込み button.
//   The old version goes on serving every page and file until the reader clicks; then the new one
//   takes over and every open tab of the site reloads (answers are kept in localStorage). Nothing
//   reloads before someone clicks: a reader may be answering a quiz.
// Material's instant navigation swaps the footer with the next page's: `document$` puts the state
// back. The notice lives outside the swapped part, in <body>.
import { Workbox } from "../vendor/workbox-window/workbox-window.prod.mjs";

const root = new URL("../../", import.meta.url);
const SAVING = "オフライン用に保存しています…";
const READY = "オフラインでも読めます";
let said = ""; // what the footer says now: SAVING while the first install fetches the site, then READY

function say(text) {
  said = text;
  for (const status of document.querySelectorAll("[data-offline-status]")) {
    status.textContent = text;
    status.hidden = !text;
  }
}

function showReady() {
  say(READY);
}

function offerUpdate(wb) {
  if (document.querySelector(".offline-update")) return;
  const notice = document.createElement("aside");
  notice.className = "offline-update md-typeset";
  notice.setAttribute("aria-label", "新しい版のお知らせ");
  const text = document.createElement("p");
  text.setAttribute("role", "status");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button md-button--primary";
  button.textContent = "再読み込み";
  button.hidden = true;
  // あとで: the notice goes until the next page load (the new version still waits for a reload).
  const later = document.createElement("button");
  later.type = "button";
  later.className = "md-button";
  later.textContent = "あとで";
  later.hidden = true;
  later.addEventListener("click", () => {
    notice.hidden = true;
  });
  const actions = document.createElement("div");
  actions.className = "offline-update__actions";
  actions.append(button, later);
  notice.append(text, actions);
  document.body.append(notice);
  // The live region is in place before its text, so that a screen reader says it.
  requestAnimationFrame(() => {
    text.textContent = "新しい版があります。";
    button.hidden = false;
    later.hidden = false;
  });
  button.addEventListener("click", () => {
    button.disabled = true;
    wb.messageSkipWaiting(); // the new worker takes every tab over: followVersion() reloads them, this one too
  });
}

// Every open tab follows a 再読み込み taken in any of them: once a new worker controls the site, each tab
// reloads, so that none goes on showing the old version's page (and its notice) under the new worker.
// The first worker's claim on a first visit is no new version: nothing reloads then.
function followVersion() {
  let controller = navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (controller) location.reload();
    controller = navigator.serviceWorker.controller;
  });
}

const wb = new Workbox(new URL("sw.js", root).href, { scope: root.pathname });
wb.addEventListener("controlling", (event) => {
  if (!event.isUpdate) showReady(); // an update reloads the page (offerUpdate)
});
wb.addEventListener("waiting", () => offerUpdate(wb));
// The first install failed (the network went mid-way, a file was missing): nothing is kept, so say nothing;
// the next visit tries again.
wb.addEventListener("redundant", () => {
  if (said === SAVING) say("");
});
window.document$?.subscribe(() => say(said));
if ("serviceWorker" in navigator) followVersion();
wb.register()
  .then(() => {
    if (navigator.serviceWorker.controller) showReady();
    else if (!said) say(SAVING); // the first visit: the worker is fetching every page
  })
  .catch(() => {}); // no worker (a host without sw.js, storage off): the site reads online as before
