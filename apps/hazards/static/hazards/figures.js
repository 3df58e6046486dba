// Hazard figures: found vs rectified by month, open by level. Data from the json_script block;
// each bar or slice opens the ledger filtered to the hazards behind it.
(function () {
  function draw() {
    var el = document.getElementById("hazard-chart");
    if (!el || !window.echarts) return;
    var d = JSON.parse(el.textContent);
    var months = echarts.init(document.getElementById("chart-months"));
    months.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [d.labels.found, d.labels.rectified] },
      grid: { left: 36, right: 12, bottom: 28, top: 36 },
      xAxis: { type: "category", data: d.months },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: d.labels.found, type: "bar", data: d.found, itemStyle: { color: "#c8161d" } },
        { name: d.labels.rectified, type: "bar", data: d.rectified, itemStyle: { color: "#2fb344" } }
      ]
    });
    months.on("click", function (p) {
      var links = p.seriesIndex === 0 ? d.found_links : d.rectified_links;
      if (links[p.dataIndex]) window.location.href = links[p.dataIndex];
    });
    var levels = echarts.init(document.getElementById("chart-levels"));
    levels.setOption({
      tooltip: { trigger: "item" },
      color: ["#f59f00", "#f76707", "#d63939"],
      series: [{ name: d.labels.open, type: "pie", radius: ["40%", "70%"], data: d.levels,
                 label: { formatter: "{b}: {c}" } }]
    });
    levels.on("click", function (p) {
      if (p.data && p.data.link) window.location.href = p.data.link;
    });
    window.addEventListener("resize", function () { months.resize(); levels.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
