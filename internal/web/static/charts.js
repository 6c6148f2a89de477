// Draws the 督办统计 charts with ECharts from the JSON in
// <script type="application/json" id="stats-data"> (the CSP forbids inline
// scripts): {"bar": {"names": [], "rates": []}, "pie": [{"name": "", "value": 0}]}.
(function () {
  "use strict";
  function draw() {
    var src = document.getElementById("stats-data");
    if (!src || typeof echarts === "undefined") return;
    var data;
    try { data = JSON.parse(src.textContent); } catch (e) { return; }
    var bar = document.getElementById("chart-rate");
    if (bar && data.bar) {
      echarts.init(bar).setOption({
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
        grid: { left: 48, right: 16, top: 24, bottom: 72 },
        xAxis: { type: "category", data: data.bar.names, axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        series: [{ name: "按期办结率", type: "bar", data: data.bar.rates, itemStyle: { color: "#2f6fb0" } }]
      });
    }
    var pie = document.getElementById("chart-status");
    if (pie && data.pie) {
      echarts.init(pie).setOption({
        tooltip: { trigger: "item", formatter: "{b}：{c}件（{d}%）" },
        legend: { bottom: 0 },
        color: ["#3a8d4f", "#d08a1f", "#c23b31", "#2f6fb0"],
        series: [{ name: "办理状态", type: "pie", radius: ["35%", "65%"], data: data.pie }]
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
