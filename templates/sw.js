{% load i18n static %}// The service worker (served at /sw.js so that it controls the whole site): the app shell
// (our styles, scripts and icons) cached on install and served from the cache, refreshed in the
// background; a page that cannot load offline gets a short notice instead of the browser's
// error. Nothing personal is cached: pages, the API and files always come from the network.
const CACHE = "tongxin-shell-{{ version }}";
const SHELL = [{% for url in shell %}"{{ url }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const OFFLINE = `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{% translate "网络已断开" %}</title><body style="font-family: sans-serif; padding: 2rem; color: #1d273b"><h1 style="color: #c8161d; font-size: 1.4rem">{% translate "网络已断开" %}</h1><p>{% translate "连接恢复后请刷新本页。" %}</p></body>`;

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => {
  e.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (e) => {
  const request = e.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("{% get_static_prefix %}")) {
    e.respondWith(caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(request);
      const fresh = fetch(request).then((response) => {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
      return hit || fresh;
    }));
  } else if (request.mode === "navigate") {
    e.respondWith(fetch(request).catch(() => new Response(OFFLINE, {
      headers: {"Content-Type": "text/html; charset=utf-8"},
    })));
  }
});
