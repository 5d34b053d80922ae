// The monitoring overview's chart: each report's budget execution rate at its month against the
// expected pace (序时进度, m/12) month by month, from the JSON the page embeds; ECharts is vendored.
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
        name: element.dataset.rate, type: "scatter", symbolSize: 12,
        data: data.points.map((p) => ({ name: p.name, value: [p.month - 1, Number(p.rate)] })),
        tooltip: { formatter: (p) => `${p.name}：${p.value[1]}%` },
      },
    ],
  });
  element.dataset.drawn = "true";
  window.addEventListener("resize", () => chart.resize());
});
