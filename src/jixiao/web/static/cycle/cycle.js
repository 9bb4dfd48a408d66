// jixiao: self-evaluation live score and small helpers of the monitoring pages.
// Everything shown is set with textContent (never HTML).
(function () {
  "use strict";

  function debounce(fn, ms) {
    var t = null;
    return function () {
      var args = arguments, self = this;
      clearTimeout(t);
      t = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) { el.textContent = value; }
    return el;
  }

  function fillList(id, items, render) {
    var list = document.getElementById(id);
    if (!list) { return; }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = render(item);
      list.appendChild(li);
    });
    var box = list.closest("[data-hide-empty]");
    if (box) { box.hidden = items.length === 0; }
  }

  // --- live score: the core scores the form as typed (nothing saved) -------------------
  function refreshScore(form) {
    var url = form.getAttribute("data-live-score");
    if (!url) { return; }
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form) }
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) { return; }
        text("live-total", String(d.total));
        var grade = text("live-grade", d.grade);
        if (grade) { grade.className = "grade grade-" + d.grade; }
        text("live-grade-rule", d.grade_rule);
        text("live-execution", d.execution.rate_percent === null ? "—" : d.execution.rate_percent + "%");
        text("live-execution-score", String(d.execution.score) + " / " + String(d.execution.points));
        d.indicators.forEach(function (row) {
          var cell = document.querySelector("[data-score-for='" + row.indicator_id + "']");
          if (cell) { cell.textContent = String(row.score) + " / " + String(row.weight); }
          var rule = document.querySelector("[data-rule-for='" + row.indicator_id + "']");
          if (rule) { rule.textContent = row.rule_text; }
        });
        fillList("live-missing", d.explanations_missing, function (e) {
          return e.subject + ": " + e.kind_text + " (" + e.reason + ")";
        });
        fillList("live-blocking", d.blocking, function (i) { return i.text; });
        var state = document.getElementById("live-state");
        if (state) {
          state.textContent = d.can_submit ? "可以提交 (请先保存)" : "尚不能提交";
          state.className = d.can_submit ? "ok" : "error";
        }
        form.setAttribute("data-scored", "1");
      })
      .catch(function () { text("live-total", "?"); });
  }

  var scoreLater = debounce(refreshScore, 350);

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-live-score]");
    if (form) {
      var onChange = function () {
        var submit = document.getElementById("submit-evaluation");
        if (submit) { submit.disabled = true; submit.title = "请先保存修改"; }
        scoreLater(form);
      };
      form.addEventListener("input", onChange);
      form.addEventListener("change", onChange);
    }
    // select every project of the lights table for a rectification request
    var all = document.getElementById("select-all-projects");
    if (all) {
      all.addEventListener("change", function () {
        var boxes = document.querySelectorAll("input[name=project][form=rectification-form]");
        for (var i = 0; i < boxes.length; i++) { boxes[i].checked = all.checked; }
      });
    }
  });
})();
