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
  const method = (form.getAttribute("hx-post") !== null ? "post" : form.method || "").toLowerCase();
  if (method !== "post") return;
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
