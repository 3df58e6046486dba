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
