// Draws the dashboard charts from the JSON the page embeds (#chart-data); ECharts is vendored.
document.addEventListener("DOMContentLoaded", () => {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  for (const element of document.querySelectorAll(".chart")) {
    const series = data[element.dataset.series] || [];
    const chart = echarts.init(element, null, { renderer: "canvas" });
    const base = { animation: false };
    const title = { text: element.dataset.title, left: "center", textStyle: { fontSize: 14 } };
    if (!series.length) {
      chart.setOption({ title: { ...title, subtext: "—" } });
      continue;
    }
    if (element.dataset.type === "pie") {
      chart.setOption({ ...base, title, tooltip: {}, series: [{ type: "pie", radius: "60%", data: series }] });
    } else {
      chart.setOption({
        ...base, title, grid: { left: 60, right: 20, bottom: 130 },
        xAxis: { type: "category", data: series.map((d) => d.name), axisLabel: { rotate: 40, interval: 0 } },
        yAxis: { type: "value" },
        // The tooltip shows the label the server formatted (2,192,692.29 万元), never a float.
        tooltip: { formatter: (p) => `${p.name}<br>${series[p.dataIndex].label || series[p.dataIndex].value}` },
        series: [{ type: "bar", data: series.map((d) => Number(d.value)) }],
      });
    }
    element.dataset.drawn = "true";
    window.addEventListener("resize", () => chart.resize());
  }
});
