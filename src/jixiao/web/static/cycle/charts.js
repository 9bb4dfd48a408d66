// jixiao: draws the dashboards' ECharts charts from JSON data blocks (no inline script).
// Each <div data-chart="ID"> takes its option from <script type="application/json" id="ID">.
(function () {
  "use strict";
  var charts = [];

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || typeof echarts === "undefined") { return; }
    var option = JSON.parse(source.textContent);
    var chart = echarts.init(el, null, { renderer: "canvas", locale: "ZH" });
    option.animation = false;  // draw at once (printing, screenshots, tests)
    chart.setOption(option);
    el.setAttribute("data-drawn", "1");
    charts.push(chart);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var els = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < els.length; i++) { draw(els[i]); }
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  });
})();
