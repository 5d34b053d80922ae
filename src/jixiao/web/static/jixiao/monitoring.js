// The monitoring overview's chart: the reports' budget execution rates at their month (a point
// per month and rate, sized by the number of reports there) against the expected pace (序时进度,
// m/12) month by month, from the JSON the page embeds; ECharts is vendored.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("chart-pace");
  const data = JSON.parse(document.getElementById("monitoring-data").textContent);
  const months = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
  const chart = echarts.init(element, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    title: { text: element.dataset.title, left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    xAxis: { type: "category", data: months },
    yAxis: { type: "value", max: 100 },
    series: [
      { name: element.dataset.pace, type: "line", data: data.pace.map(Number), symbol: "none" },
      {
        // a point per month and rate (to the percent), as large as the reports there
        name: element.dataset.rate, type: "scatter",
        symbolSize: (_value, p) => Math.min(40, 10 + 2 * Math.sqrt(p.data.count - 1)),
        data: data.points.map((p) => ({
          name: p.count > 1 ? `${p.count} ×` : p.name,
          count: p.count,
          value: [p.month - 1, Number(p.rate)],
        })),
        tooltip: { formatter: (p) => `${p.name}：${p.value[1]}%` },
      },
    ],
  });
  element.dataset.drawn = "true";
  window.addEventListener("resize", () => chart.resize());
});
