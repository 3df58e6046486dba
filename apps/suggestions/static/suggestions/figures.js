// Charts of the suggestion figures: data from the page's json_script block (CSP: no inline JS).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var node = document.getElementById("sg-chart-data");
    if (!node || !window.echarts) return;
    var data = JSON.parse(node.textContent);
    var L = data.labels;
    var base = data.list_url + "?" + (data.query ? data.query + "&" : "");
    var month = document.getElementById("sg-chart-month");
    if (month) {
      var m = echarts.init(month);
      m.setOption({
        tooltip: { trigger: "axis" },
        legend: { data: [L.submitted, L.adopted] },
        grid: { left: 40, right: 16, top: 36, bottom: 28 },
        xAxis: { type: "category", data: data.months },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: L.submitted, type: "bar", data: data.submitted, itemStyle: { color: "#8aa4c8" } },
          { name: L.adopted, type: "bar", data: data.adopted, itemStyle: { color: "#c8161d" } }
        ]
      });
      m.on("click", function (p) {
        var extra = p.seriesName === L.adopted ? "&stage=adopted" : "";
        window.location = base + "month=" + data.months[p.dataIndex] + "-01" + extra;
      });
      window.addEventListener("resize", function () { m.resize(); });
    }
    var unit = document.getElementById("sg-chart-unit");
    if (unit) {
      var u = echarts.init(unit);
      u.setOption({
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: data.units.slice().reverse() },
        series: [{ name: L.benefit, type: "bar", data: data.benefit.slice().reverse(),
                   itemStyle: { color: "#c8161d" } }]
      });
      u.on("click", function (p) {
        var ids = data.unit_ids.slice().reverse();
        window.location = base + "unit=" + ids[p.dataIndex] + "&stage=verified";
      });
      window.addEventListener("resize", function () { u.resize(); });
    }
  });
})();
