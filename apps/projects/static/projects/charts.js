// Project charts: the portfolio's milestones by month (done / open / overdue, stacked) and a
// project's progress over its reports. Data comes from json_script blocks (CSP: no inline JS).
(function () {
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function timeline() {
    var d = data("project-timeline"), el = document.getElementById("chart-timeline");
    if (!d || !el || !d.months.length) return null;
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [d.labels.done, d.labels.open, d.labels.overdue] },
      grid: { left: 40, right: 12, bottom: 28, top: 36 },
      xAxis: { type: "category", data: d.months },
      yAxis: { type: "value", minInterval: 1 },
      dataZoom: d.months.length > 12 ? [{ type: "inside", startValue: d.months.length - 12 }] : [],
      series: [
        { name: d.labels.done, type: "bar", stack: "m", data: d.done, itemStyle: { color: "#2fb344" } },
        { name: d.labels.open, type: "bar", stack: "m", data: d.open, itemStyle: { color: "#4299e1" } },
        { name: d.labels.overdue, type: "bar", stack: "m", data: d.overdue, itemStyle: { color: "#c8161d" } }
      ]
    });
    var keys = ["done", "open", "overdue"];
    chart.on("click", function (p) {
      var link = d.links && d.links[keys[p.seriesIndex]];
      if (link) window.location.href = link;
    });
    return chart;
  }
  function progress() {
    var d = data("project-progress"), el = document.getElementById("chart-progress");
    if (!d || !el || !d.dates.length) return null;
    var chart = echarts.init(el);
    var series = [{ name: d.labels.progress, type: "line", data: d.progress, lineStyle: { width: 3 },
                    itemStyle: { color: "#c8161d" } }];
    d.targets.forEach(function (t) {
      series.push({ name: t.name, type: "line", data: t.data, connectNulls: true, lineStyle: { type: "dashed" } });
    });
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
      legend: { type: "scroll", data: series.map(function (s) { return s.name; }) },
      grid: { left: 40, right: 12, bottom: 28, top: 40 },
      xAxis: { type: "category", data: d.dates },
      yAxis: { type: "value", name: d.labels.axis, min: 0, max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); } },
      series: series
    });
    return chart;
  }
  function draw() {
    if (!window.echarts) return;
    var charts = [timeline(), progress()].filter(Boolean);
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
