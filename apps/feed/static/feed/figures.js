// Feed figures: posts by month, stacked by kind. Data from the json_script block; each bar
// opens the feed filtered to the posts behind it.
(function () {
  function draw() {
    var el = document.getElementById("feed-chart");
    var box = document.getElementById("feed-chart-months");
    if (!el || !box || !window.echarts) return;
    var d = JSON.parse(el.textContent);
    var colors = ["#206bc4", "#2fb344", "#c8161d"];
    var chart = echarts.init(box);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: d.series.map(function (s) { return s.name; }) },
      grid: { left: 8, right: 12, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: "category", data: d.months.map(function (m) { return m.slice(2); }) },
      yAxis: { type: "value", minInterval: 1 },
      series: d.series.map(function (s, i) {
        return { name: s.name, type: "bar", stack: "posts", data: s.data, itemStyle: { color: colors[i] } };
      })
    });
    chart.on("click", function (p) {
      var link = d.series[p.seriesIndex].links[p.dataIndex];
      if (link) window.location.href = link;
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
