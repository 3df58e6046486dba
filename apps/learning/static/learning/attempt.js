// The time left on an attempt, counted down from the server's deadline; at zero the answers are
// handed in (the server refuses anything later than the deadline plus a short grace).
(function () {
  function start() {
    var timer = document.querySelector("[data-deadline]");
    var form = document.getElementById("attempt-form");
    if (!timer || !form) return;
    var deadline = new Date(timer.getAttribute("data-deadline")).getTime();
    var label = timer.textContent;
    var sent = false;
    function tick() {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var m = Math.floor(left / 60), s = left % 60;
      timer.textContent = "剩余 " + m + ":" + (s < 10 ? "0" : "") + s;
      timer.classList.toggle("text-red", left <= 60);
      if (left === 0 && !sent) {
        sent = true;
        form.submit();
      }
    }
    if (isNaN(deadline)) { timer.textContent = label; return; }
    tick();
    setInterval(tick, 1000);
    form.addEventListener("submit", function () { sent = true; });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
