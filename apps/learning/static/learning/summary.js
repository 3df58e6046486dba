// Unit study summary: participation rate (bars) and hours per person (line) for each child unit.
(function () {
  function draw() {
    var data = document.getElementById("summary-chart");
    var el = document.getElementById("chart-summary");
    if (!data || !el || !window.echarts || el.offsetWidth === 0) return;
    var d = JSON.parse(data.textContent);
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["参学率 %", "人均学时"] },
      grid: { left: 40, right: 40, bottom: 60, top: 36 },
      xAxis: { type: "category", data: d.names, axisLabel: { rotate: 30, width: 80, overflow: "truncate" } },
      yAxis: [{ type: "value", max: 100 }, { type: "value" }],
      series: [
        { name: "参学率 %", type: "bar", data: d.rates, itemStyle: { color: "#c8161d" } },
        { name: "人均学时", type: "line", yAxisIndex: 1, data: d.per_person, itemStyle: { color: "#206bc4" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
