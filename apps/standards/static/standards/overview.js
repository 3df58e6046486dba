// 达标率 trend: one line for the whole scope (bold) and one per general branch. Data from the
// json_script block; a point opens the list of the branches that were 达标 in that period.
(function () {
  function draw() {
    var el = document.getElementById("standards-chart");
    var box = document.getElementById("chart-trend");
    if (!el || !box || !window.echarts) return;
    var d = JSON.parse(el.textContent);
    var chart = echarts.init(box);
    var narrow = box.clientWidth < 500;
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
      legend: { type: "scroll", top: 0 },
      grid: { left: 40, right: 12, bottom: 28, top: narrow ? 56 : 40 },
      xAxis: { type: "category", data: d.labels },
      yAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor((v.min - 5) / 10) * 10); },
               max: 100, axisLabel: { formatter: "{value}%" } },
      series: d.series.map(function (s) {
        return {
          name: s.name, type: "line", data: s.data, connectNulls: true,
          lineStyle: { width: s.main ? 4 : 1.5 }, symbolSize: s.main ? 9 : 5,
          itemStyle: s.main ? { color: "#c8161d" } : undefined,
          z: s.main ? 10 : 2
        };
      })
    });
    chart.on("click", function (p) {
      var s = d.series[p.seriesIndex];
      if (s && s.links[p.dataIndex]) window.location.href = s.links[p.dataIndex];
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
