// Draws the dashboard charts from the JSON the page embeds (#chart-data); ECharts is vendored.
// Bars are horizontal (long department names and rule titles stay readable); colours are fixed
// per grade and per severity (they do not change with the data); a click opens the projects
// behind a bar or slice (each item carries its link).
const GRADE_COLOURS = { "优": "#2e7d32", "良": "#1565c0", "中": "#ef6c00", "差": "#c62828" };
const SEVERITY_COLOURS = { error: "#c62828", warning: "#ef6c00", info: "#1565c0" };
const BAR_COLOUR = "#205493";

function colour(item) {
  return GRADE_COLOURS[item.name] || SEVERITY_COLOURS[item.severity] || BAR_COLOUR;
}

function option(element, series) {
  const title = { text: element.dataset.title, left: "center", textStyle: { fontSize: 14 } };
  const tooltip = { formatter: (p) => `${series[p.dataIndex].name}<br>${series[p.dataIndex].label}` };
  if (element.dataset.type === "pie") {
    const data = series.map((d) => ({ name: d.name, value: Number(d.value), itemStyle: { color: colour(d) } }));
    return { animation: false, title, tooltip, series: [{ type: "pie", radius: "60%", data }] };
  }
  const data = series.map((d) => ({ value: Number(d.value), itemStyle: { color: colour(d) } }));
  return {
    animation: false, title, tooltip,
    grid: { left: 10, right: 30, top: 40, bottom: 10, containLabel: true },
    yAxis: {
      type: "category", inverse: true, data: series.map((d) => d.name),
      axisLabel: { width: 220, overflow: "truncate", interval: 0 },
    },
    xAxis: { type: "value", splitNumber: 3 },
    series: [{ type: "bar", data }],
  };
}

document.addEventListener("DOMContentLoaded", () => {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  for (const element of document.querySelectorAll(".chart")) {
    const series = data[element.dataset.series] || [];
    if (element.dataset.type !== "pie") {
      element.style.height = `${Math.max(240, 60 + 26 * series.length)}px`;
    }
    const chart = echarts.init(element, null, { renderer: "canvas" });
    if (!series.length) {
      chart.setOption({ title: { text: element.dataset.title, left: "center", subtext: "—" } });
      continue;
    }
    chart.setOption(option(element, series));
    chart.on("click", (p) => { window.location.href = series[p.dataIndex].link; });
    element.dataset.drawn = "true";
    window.addEventListener("resize", () => chart.resize());
  }
});
