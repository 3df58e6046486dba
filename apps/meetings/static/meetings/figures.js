// Meeting figures: meetings held by month (study kinds vs all), and by kind. Data from the
// json_script block; each bar or slice opens the list of the meetings behind it.
(function () {
  function draw() {
    var el = document.getElementById("meeting-chart");
    if (!el || !window.echarts) return;
    var d = JSON.parse(el.textContent);
    var months = echarts.init(document.getElementById("chart-months"));
    months.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [d.labels.total, d.labels.study] },
      grid: { left: 36, right: 12, bottom: 28, top: 36 },
      xAxis: { type: "category", data: d.months },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: d.labels.total, type: "bar", data: d.total, itemStyle: { color: "#c8161d" } },
        { name: d.labels.study, type: "bar", data: d.study, itemStyle: { color: "#f59f00" } }
      ]
    });
    months.on("click", function (p) {
      if (d.links[p.dataIndex]) window.location.href = d.links[p.dataIndex];
    });
    var kinds = echarts.init(document.getElementById("chart-kinds"));
    kinds.setOption({
      tooltip: { trigger: "item" },
      series: [{ name: d.labels.kinds, type: "pie", radius: ["40%", "70%"], data: d.kinds,
                 label: { formatter: "{b}: {c}" } }]
    });
    kinds.on("click", function (p) {
      if (p.data && p.data.link) window.location.href = p.data.link;
    });
    window.addEventListener("resize", function () { months.resize(); kinds.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
