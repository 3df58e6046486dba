// The 数据大屏 on a meeting-room display has no one to scroll it: its cards are laid into pages
// that each fit the screen, and the screen turns to the next page every data-turn seconds.
(function () {
  var grid = document.querySelector(".tx-screen-grid");
  if (!grid || window.matchMedia("(max-width: 767px)").matches) return; // a phone scrolls
  var cards = Array.prototype.slice.call(grid.children);
  var seconds = parseInt(grid.dataset.turn, 10) || 15;
  var marker = document.querySelector(".tx-screen-page");

  function bottomLimit() {
    return window.innerHeight - parseFloat(getComputedStyle(document.body).paddingBottom);
  }

  // Fill a page with the cards that fit below the header, hide them, and go on with the rest;
  // a card taller than the screen still gets a page of its own.
  function paginate() {
    var pages = [], left = cards.slice();
    cards.forEach(function (c) { c.hidden = false; });
    while (left.length) {
      var limit = bottomLimit(), page = [];
      left.forEach(function (c) { c.hidden = false; });
      for (var i = 0; i < left.length; i++) {
        if (left[i].getBoundingClientRect().bottom > limit && page.length) break;
        page.push(left[i]);
      }
      page.forEach(function (c) { c.hidden = true; c.dataset.screenPage = pages.length + 1; });
      pages.push(page);
      left = left.slice(page.length);
    }
    return pages;
  }

  function show(pages, n) {
    cards.forEach(function (c) { c.hidden = true; });
    pages[n].forEach(function (c) { c.hidden = false; });
    grid.dataset.page = n + 1;
    if (marker) marker.textContent = pages.length > 1 ? (n + 1) + " / " + pages.length : "";
    window.dispatchEvent(new Event("resize")); // a chart drawn while hidden takes its size
  }

  window.addEventListener("load", function () {
    var pages = paginate(), n = 0;
    grid.dataset.pages = pages.length;
    show(pages, 0);
    if (pages.length > 1) setInterval(function () { n = (n + 1) % pages.length; show(pages, n); }, seconds * 1000);
  });
})();
