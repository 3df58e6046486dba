// Every chart on every page: <div data-chart="ID" style="height:…"></div> with the ECharts
// option in {{ option|json_script:"ID" }}. A click opens the records behind the point: the data
// item's `link`, or the series' `links[dataIndex]`. One resize listener for all charts.
(function () {
  var charts = [];
  function linkOf(option, p) {
    if (p.data && p.data.link) return p.data.link;
    var series = option.series && option.series[p.seriesIndex];
    return series && series.links ? series.links[p.dataIndex] : null;
  }
  function draw(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source || !window.echarts || el.dataset.drawn) return;
    var option = JSON.parse(source.textContent);
    var chart = echarts.init(el);
    chart.setOption(option);
    chart.on("click", function (p) {
      var link = linkOf(option, p);
      if (link) window.location.href = link;
    });
    el.dataset.drawn = "1";
    charts.push(chart);
  }
  function drawAll() {
    document.querySelectorAll("[data-chart]").forEach(draw);
  }
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
  document.addEventListener("htmx:afterSettle", drawAll);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
