// Small behaviours shared by every page. htmx does the partial updates; this only wires the rest.
// No inline scripts anywhere: the Content-Security-Policy allows only our own files.
document.addEventListener("htmx:responseError", (e) => {
  const box = document.getElementById("tx-error");
  if (box) { box.textContent = e.detail.xhr.responseText.slice(0, 300); box.hidden = false; }
});

// <button data-copy="#selector" data-copied="已复制">: copy the target's value or text.
document.addEventListener("click", (e) => {
  const button = e.target.closest("[data-copy]");
  if (!button) return;
  const target = document.querySelector(button.dataset.copy);
  if (!target) return;
  const text = "value" in target ? target.value : target.textContent;
  const done = () => {
    const label = button.innerHTML;
    button.textContent = button.dataset.copied || "✓";
    setTimeout(() => { button.innerHTML = label; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, () => { target.select(); });
  } else if (target.select) {
    target.select();  // plain http: select it so the user can copy by hand
    try { document.execCommand("copy"); done(); } catch (_) { /* the selection stays */ }
  }
});

// <button data-confirm="…"> in a plain form: ask before submitting.
document.addEventListener("submit", (e) => {
  const button = e.submitter;
  if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
    e.preventDefault();
  }
});

// Every POST form carries an idempotency key (apps.core.idempotency): the shared form page renders
// one; any other form (an action button, a card form, an htmx post) gets one at its first submit,
// in the capture phase so htmx sees it too. A double tap or a resend after a lost answer then
// repeats the same key, and the server stores the submission once.
document.addEventListener("submit", (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || form.elements.idempotency_key) return;
  // Attributes, not form.method / form.action: a field named "method" or "action" shadows them.
  const method = form.getAttribute("hx-post") !== null ? "post" : form.getAttribute("method") || "";
  if (method.toLowerCase() !== "post") return;
  const bytes = crypto.getRandomValues(new Uint8Array(16));  // works on plain http too
  const input = document.createElement("input");
  input.type = "hidden";
  input.name = "idempotency_key";
  input.value = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  form.append(input);
}, true);
// An htmx form stays on the page: once an answer came back, its next submit is a new submission
// (a lost answer, status 0, keeps the key so the resend is recognised).
document.addEventListener("htmx:afterRequest", (e) => {
  const form = e.detail.elt.closest && e.detail.elt.closest("form");
  const key = form && form.querySelector("input[name=idempotency_key]:not([data-rendered])");
  if (key && e.detail.xhr && e.detail.xhr.status !== 0) key.remove();
});

// Trix: files go through the permission-checked attachments of each record, never into the text.
document.addEventListener("trix-file-accept", (e) => e.preventDefault());

// <button data-print> on a print page (components/list_print.html): open the browser's print dialog.
document.addEventListener("click", (e) => {
  if (e.target.closest("[data-print]")) window.print();
});

// The installable web app: the service worker (served at /sw.js) keeps the shell for poor signal.
if ("serviceWorker" in navigator && window.isSecureContext) {
  const lang = encodeURIComponent(document.documentElement.lang || "");
  navigator.serviceWorker.register(`/sw.js?lang=${lang}`).catch(() => {});
}

// The outbox (outbox.js, decision 0018): what was posted with no signal is sent when the network
// is back — on any page load and on the browser's "online" — by the account that wrote it, with
// this page's CSRF token in place of the old one (a new login renews it; both are 64 characters).
const outboxBox = () => document.getElementById("tx-outbox");

function outboxNotice(text, links) {
  const box = outboxBox();
  if (!box) return;
  box.textContent = text;
  for (const href of links) {
    const a = document.createElement("a");
    a.href = href;
    a.className = "ms-2";
    a.textContent = box.dataset.open;
    box.append(a);
  }
  box.hidden = false;
}

function freshToken(body, type) {
  const token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
  if (!token || token.length !== 64) return body;
  // One character per byte (TextDecoder's "latin1" is windows-1252, which would not round-trip).
  const bytes = new Uint8Array(body);
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  }
  text = type.startsWith("multipart/")
    ? text.replace(/(name="csrfmiddlewaretoken"\r\n\r\n)[A-Za-z0-9]{64}/, `$1${token}`)
    : text.replace(/(^|&)csrfmiddlewaretoken=[A-Za-z0-9]{64}/, `$1csrfmiddlewaretoken=${token}`);
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

async function outboxSend() {
  const user = document.body.dataset.user;
  if (!user || !self.txOutbox) return;
  const mine = (await txOutbox.all()).filter((e) => e.user === user && !e.refused);
  const sent = [], refused = [];
  for (const entry of mine) {
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": entry.type}, body: freshToken(entry.body, entry.type),
      });
    } catch (_) {
      const box = outboxBox();
      outboxNotice(box.dataset.pending.replace("%(n)s", mine.length - sent.length - refused.length), []);
      return;  // still no signal: the rest waits for the next try
    }
    if (new URL(response.url).pathname.startsWith("/accounts/login/")) {
      outboxNotice(outboxBox().dataset.login, []);
      return;
    }
    if (response.ok) {
      await txOutbox.remove(entry.id);
      sent.push(response.url);
    } else {
      entry.refused = true;  // kept: its form page fills itself with what was typed
      await txOutbox.put(entry);
      refused.push(entry.from);
    }
  }
  const box = outboxBox();
  if (refused.length) outboxNotice(box.dataset.refused, refused);
  else if (sent.length) outboxNotice(box.dataset.sent, sent);
}

// A refused entry's form page: the fields filled again with what was typed offline.
async function outboxRefill() {
  const user = document.body.dataset.user;
  if (!user || !self.txOutbox) return;
  const here = (await txOutbox.all()).filter((e) => e.user === user && e.refused && e.from === location.href);
  const form = document.querySelector("form[method=post]:not([action$='/accounts/logout/'])");
  if (!here.length || !form) return;
  const entry = here[here.length - 1];
  const text = new TextDecoder().decode(entry.body);
  const pairs = entry.type.startsWith("multipart/")
    ? [...text.matchAll(/name="([^"]+)"\r\n\r\n([\s\S]*?)\r\n--/g)].map((m) => [m[1], m[2]])
    : [...new URLSearchParams(text)];
  for (const [name, value] of pairs) {
    if (name === "csrfmiddlewaretoken" || name === "idempotency_key") continue;
    const field = form.elements[name];
    if (field && field.type !== "file" && field.type !== "checkbox" && "value" in field) field.value = value;
  }
  await txOutbox.remove(entry.id);
}

if (self.txOutbox) {
  const user = document.body.dataset.user;
  if (user) txOutbox.setOwner(user).then(outboxSend).then(outboxRefill).catch(() => {});
  window.addEventListener("online", () => outboxSend().catch(() => {}));
}

// Log-out empties this phone of the account's kept pages and unsent outbox (asking first).
document.addEventListener("submit", async (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || !(form.getAttribute("action") || "").endsWith("/accounts/logout/")) return;
  if (!self.txOutbox || form.dataset.cleared) return;
  e.preventDefault();
  const user = document.body.dataset.user;
  const unsent = (await txOutbox.all().catch(() => [])).filter((x) => x.user === user);
  if (unsent.length && !window.confirm(outboxBox().dataset.discard)) return;
  await txOutbox.clear().catch(() => {});
  await txOutbox.setOwner("").catch(() => {});
  if (self.caches) await caches.delete("tongxin-pages").catch(() => {});
  form.dataset.cleared = "1";
  form.submit();
});
