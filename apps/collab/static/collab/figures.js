// A body's action items by session: closed on time, late, open, overdue (stacked). Data from the
// json_script block; each bar opens the ledger filtered to the items behind it.
(function () {
  var COLORS = { on_time: "#2fb344", late: "#f59f00", open: "#4299e1", overdue: "#d63939" };
  function draw() {
    var el = document.getElementById("collab-chart");
    var box = document.getElementById("chart-sessions");
    if (!el || !box || !window.echarts) return;
    var d = JSON.parse(el.textContent);
    var chart = echarts.init(box);
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 32, right: 8, bottom: 24, top: 56 },
      xAxis: { type: "category", data: d.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: d.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "items", data: s.data,
                 itemStyle: { color: COLORS[s.key] } };
      })
    });
    chart.on("click", function (p) {
      var key = d.series[p.seriesIndex].key;
      var link = d.links[key][p.dataIndex];
      if (link) window.location.href = link;
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
