// Appeal figures: received/closed by month and received by category. Data comes from a
// json_script block; clicking a bar opens the ledger filtered to the records behind it.
(function () {
  const source = document.getElementById("appeal-chart-data");
  if (!source || !window.echarts) return;
  const d = JSON.parse(source.textContent);
  const open = (links) => (p) => { if (links[p.dataIndex]) window.location.href = links[p.dataIndex]; };

  const monthEl = document.getElementById("chart-month");
  if (monthEl && d.months.length) {
    const chart = echarts.init(monthEl);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [d.labels.received, d.labels.closed] },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: "category", data: d.months },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: d.labels.received, type: "bar", data: d.received, itemStyle: { color: "#c8161d" } },
        { name: d.labels.closed, type: "bar", data: d.closed, itemStyle: { color: "#2fb344" } },
      ],
    });
    chart.on("click", open(d.month_links));
    window.addEventListener("resize", () => chart.resize());
  }
  const catEl = document.getElementById("chart-category");
  if (catEl && d.categories.length) {
    const chart = echarts.init(catEl);
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 24, bottom: 8, top: 10, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: d.categories, inverse: true },
      series: [{ name: d.labels.received, type: "bar", data: d.category_received, itemStyle: { color: "#c8161d" } }],
    });
    chart.on("click", open(d.category_links));
    window.addEventListener("resize", () => chart.resize());
  }
})();
