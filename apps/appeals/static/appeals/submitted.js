// The receipt code of an anonymous submit arrives in the URL fragment, which the browser never
// sends to the server. Show it once, then drop the fragment so a reload or Back shows it no more.
(function () {
  if (!window.location.hash) return;
  var params = new URLSearchParams(window.location.hash.slice(1));
  history.replaceState(null, "", window.location.pathname);
  var code = params.get("receipt");
  if (!code) return;
  document.getElementById("receipt-code").value = code;
  document.querySelector("[data-receipt-ready]").textContent = params.get("ready") || "";
  document.querySelector("[data-receipt-named]").hidden = true;
  document.querySelector("[data-receipt-anonymous]").hidden = false;
})();
