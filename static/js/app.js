// Small behaviours shared by every page. htmx does the partial updates; this only wires the rest.
document.addEventListener("htmx:responseError", (e) => {
  const box = document.getElementById("tx-error");
  if (box) { box.textContent = e.detail.xhr.responseText.slice(0, 300); box.hidden = false; }
});
