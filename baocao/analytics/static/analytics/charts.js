/* Draw the analytics charts from the JSON the page embeds (#chart-data); no inline script. */
(function () {
  "use strict";
  var COLORS = ["#0b5cad", "#c0392b", "#1a7f37", "#9a6700", "#6f42c1", "#0a7c86", "#d35400",
    "#57606a", "#bf3989", "#2d6a4f"];
  var vn = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var tick = { callback: function (v) { return vn.format(v); } };
    var tooltip = { callbacks: { label: function (c) {
      var text = c.dataset.label + ": " + (c.parsed.y === null ? "—" : vn.format(c.parsed.y));
      var line = data.lines[c.datasetIndex];
      if (c.chart.config.type === "line" && line && line.carried && line.carried[c.dataIndex]) {
        text += " (" + data.carried_label + ")";
      }
      return text;
    } } };
    var lines = document.getElementById("chart-lines");
    if (lines) {
      lines.chart = new Chart(lines, {
        type: "line",
        data: { labels: data.labels, datasets: data.lines.map(function (l, i) {
          var carried = l.carried || [];
          // A point carried over from a predecessor (lineage) is hollow, its segment dashed.
          return { label: l.label, data: l.data, borderColor: COLORS[i % COLORS.length],
            backgroundColor: COLORS[i % COLORS.length], spanGaps: true, tension: 0.2,
            pointStyle: carried.map(function (c) { return c ? "rectRot" : "circle"; }),
            pointRadius: carried.map(function (c) { return c ? 5 : 3; }),
            segment: { borderDash: function (ctx) {
              return carried[ctx.p0DataIndex] || carried[ctx.p1DataIndex] ? [6, 4] : undefined;
            } } };
        }) },
        options: { maintainAspectRatio: false, animation: false, scales: { y: { ticks: tick } },
          plugins: { tooltip: tooltip, legend: { position: "bottom" } } }
      });
    }
    var bars = document.getElementById("chart-bars");
    if (bars) {
      bars.chart = new Chart(bars, {
        type: "bar",
        data: { labels: data.bar_labels, datasets: [{ label: data.bar_title, data: data.bar_data,
          backgroundColor: COLORS[0] }] },
        options: { maintainAspectRatio: false, animation: false, scales: { y: { ticks: tick } },
          plugins: { tooltip: tooltip, legend: { display: false } } }
      });
    }
    document.documentElement.dataset.chartsReady = "1";
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else { draw(); }
}());
