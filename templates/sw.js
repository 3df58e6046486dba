{% load i18n static %}// The service worker (served at /sw.js so that it controls the whole site), decision 0018:
// - the app shell (our styles, scripts and icons) cached on install, served from the cache and
//   refreshed in the background;
// - the everyday lists (LISTS) kept as last seen, shown with a notice when there is no signal;
//   any other page that cannot load says the network is down instead of the browser's error;
// - a form posted with no signal is filed in the outbox (outbox.js) and the phone says so; the
//   page sends it when the network is back, with its idempotency key, so it is stored once.
//   An anonymous submission is not kept (its receipt code can only be shown online), nor one to
//   a path the server never records (idempotency.UNRECORDED: the 纪委's confidential reports).
importScripts("{{ outbox }}");
const CACHE = "tongxin-shell-{{ version }}";
const PAGES = "tongxin-pages";
const SHELL = [{% for url in shell %}"{{ url }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const UNKEPT = [{% for path in unkept %}"{{ path }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const LISTS = [{% for path in lists %}"{{ path }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const PAGE = (title, text, back) => `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><body style="font-family: sans-serif; padding: 2rem; color: #1d273b"><h1 style="color: #c8161d; font-size: 1.4rem">${title}</h1><p>${text}</p>${back ? `<p><a href="${back}" style="color: #c8161d">{% translate "返回" %}</a></p>` : ""}</body>`;
const DOWN = "{% translate "网络已断开" %}";
const OFFLINE = PAGE(DOWN, "{% translate "连接恢复后请刷新本页。" %}");
const SAVED = "{% translate "已保存在手机上" %}";
const SAVED_TEXT = "{% translate "网络已断开。您填写的内容已保存在这部手机上,联网后打开同心的任一页面即自动提交,只会提交一次。" %}";
const ANONYMOUS_TEXT = "{% translate "匿名或保密的内容不会保存在手机上(回执码也只能在联网时显示)。请联网后返回上一页重新提交。" %}";
const STALE = "{% translate "离线浏览:这是您上次联网时(%(time)s)看到的内容,联网后刷新即为最新。" %}";
const html = (body) => new Response(body, {headers: {"Content-Type": "text/html; charset=utf-8"}});

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => {
  e.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((k) => k !== CACHE && k !== PAGES).map((k) => caches.delete(k)),
      ))
      .then(() => self.clients.claim()),
  );
});

function anonymous(type, body) {
  const text = new TextDecoder("latin1").decode(body);
  return type.startsWith("multipart/")
    ? /name="anonymous"\r\n\r\n(?!0\r|false\r|off\r)/.test(text)
    : /(^|&)anonymous=(?!0(&|$)|false(&|$)|off(&|$)|&|$)/.test(text);
}

async function post(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (_) {
    const body = await copy.arrayBuffer();
    const type = copy.headers.get("Content-Type") || "";
    const unkept = UNKEPT.some((prefix) => new URL(copy.url).pathname.startsWith(prefix));
    if (unkept || anonymous(type, body)) return html(PAGE(DOWN, ANONYMOUS_TEXT, copy.referrer));
    const owner = await self.txOutbox.owner();
    await self.txOutbox.add({url: copy.url, type, body, from: copy.referrer, user: owner, at: Date.now()});
    return html(PAGE(SAVED, SAVED_TEXT, copy.referrer));
  }
}

async function navigate(request, url) {
  const keep = LISTS.includes(url.pathname);
  try {
    const response = await fetch(request);
    const type = response.headers.get("Content-Type") || "";
    if (keep && response.ok && !response.redirected && type.startsWith("text/html")) {
      const headers = new Headers(response.headers);
      headers.set("X-Tx-Saved", String(Date.now()));
      const copy = new Response(await response.clone().blob(), {status: 200, headers});
      (await caches.open(PAGES)).put(request.url, copy);
    }
    return response;
  } catch (_) {
    const hit = keep && (await (await caches.open(PAGES)).match(request.url));
    if (!hit) return html(OFFLINE);
    const at = new Date(Number(hit.headers.get("X-Tx-Saved")));
    const notice = STALE.replace("%(time)s", at.toLocaleString());
    const page = (await hit.text()).replace(
      '<div class="alert alert-warning" id="tx-offline" role="status" hidden></div>',
      `<div class="alert alert-warning" id="tx-offline" role="status">${notice}</div>`,
    );
    return html(page);
  }
}

self.addEventListener("fetch", (e) => {
  const request = e.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && request.mode === "navigate") {
    e.respondWith(post(request));
  } else if (request.method !== "GET") {
    return;
  } else if (url.pathname.startsWith("{% get_static_prefix %}")) {
    e.respondWith(caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(request);
      const fresh = fetch(request).then((response) => {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
      return hit || fresh;
    }));
  } else if (request.mode === "navigate") {
    e.respondWith(navigate(request, url));
  }
});
