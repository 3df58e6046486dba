// A page that refreshes itself (the 数据大屏 on a meeting-room display): <body data-refresh="N">
// reloads every N seconds; an unreachable server leaves the last figures up and tries again.
(function () {
  var seconds = parseInt(document.body.dataset.refresh, 10);
  if (!seconds) return;
  setInterval(function () {
    fetch(window.location.href, { method: "HEAD", credentials: "same-origin" }).then(function (r) {
      if (r.ok) window.location.reload();
    }, function () {});
  }, seconds * 1000);
})();
