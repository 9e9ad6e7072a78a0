{% autoescape off %}// The service worker of baocao (served at /sw.js by baocao.web.views.offline).
// - the app shell (vendored CSS/JS) is cached at install; any static file fetched later too;
// - an editor page (/bao-cao/<id>/soan/) the user opens is kept in the "pages" cache;
// both are fetched from the network first and taken from the cache only when the network
// fails, so a deployment is never hidden by a stale copy. Nothing else is touched: other
// pages, POSTs (the autosave) and the API go to the network as without a worker.
// offline.js empties the "pages" cache when another user signs in; the sign-out answer
// carries Clear-Site-Data. Version {{ version }}.
"use strict";
const SHELL_CACHE = "baocao-shell-{{ version }}";
const PAGES_CACHE = "baocao-pages";
const SHELL = [{% for url in shell %}"{{ url }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const STATIC_PREFIX = "{{ static_prefix }}";
const PAGE_MAX_AGE_MS = {{ page_max_age }} * 1000;
const EDITOR = /^\/bao-cao\/\d+\/soan\/$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names
      .filter((name) => name.startsWith("baocao-shell-") && name !== SHELL_CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

async function fromNetwork(request, cacheName, key) {
  try {
    const response = await fetch(request);
    const cache = await caches.open(cacheName);
    if (response.ok && !response.redirected && response.type === "basic") {
      await cache.put(key, response.clone());
    } else if (response.redirected) {
      await cache.delete(key);  // e.g. the report was submitted: no longer editable
    }
    return response;
  } catch (error) {
    const cached = await caches.match(key, {cacheName, ignoreSearch: true});
    // A page older than a session is not shown: its user would have to sign in again anyway.
    const date = Date.parse(cached?.headers.get("Date") || "");
    if (cached && cacheName === PAGES_CACHE && Date.now() - date > PAGE_MAX_AGE_MS) {
      await caches.open(cacheName).then((cache) => cache.delete(key));
      throw error;
    }
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && EDITOR.test(url.pathname)) {
    event.respondWith(fromNetwork(request, PAGES_CACHE, url.pathname));
  } else if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(fromNetwork(request, SHELL_CACHE, url.pathname));
  }
});
{% endautoescape %}
