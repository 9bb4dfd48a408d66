// jixiao: small vanilla helpers. Everything user-typed is shown with textContent (never HTML).
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

  // --- live value parsing: what the core reads in a 指标值 --------------------------------
  function rowValue(row, suffix) {
    var el = row.querySelector("input[name$='-" + suffix + "']");
    return el ? el.value : "";
  }

  function previewTarget(input) {
    var form = input.closest("form");
    var row = input.closest("tr");
    var out = input.parentNode.querySelector(".target-preview");
    if (!form || !out) { return; }
    var url = form.getAttribute("data-parse-url");
    if (!url) { return; }
    var params = new URLSearchParams({
      raw: input.value,
      level1: row ? rowValue(row, "level1") : "",
      level2: row ? rowValue(row, "level2") : "",
      year: form.getAttribute("data-year") || "",
      profile: form.getAttribute("data-profile") || ""
    });
    fetch(url + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) { return; }
        var text = d.kind_label + ": " + (d.display || "(空)");
        if (d.comparator_source === "default" && d.comparator) {
          text += " (按类别默认 " + d.comparator + ")";
        }
        if (d.notes && d.notes.length) { text += " · " + d.notes.join("; "); }
        out.textContent = text;
        out.classList.toggle("empty", d.kind === "empty");
      })
      .catch(function () { /* a preview only: ignore network errors */ });
  }

  var previewLater = debounce(previewTarget, 200);

  document.addEventListener("input", function (e) {
    var el = e.target;
    if (el.matches && el.matches("input[data-live-target]")) { previewLater(el); }
  });

  // --- live findings: the core reviews the form as typed (not saved) ------------------------
  function refreshFindings(form) {
    var url = form.getAttribute("data-live-findings");
    var list = document.getElementById("live-findings");
    var count = document.getElementById("live-count");
    if (!url || !list) { return; }
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form) }
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) { return; }
        count.textContent = String(d.count);
        while (list.firstChild) { list.removeChild(list.firstChild); }
        if (!d.findings.length) {
          var ok = document.createElement("li");
          ok.className = "ok";
          ok.textContent = "未发现问题";
          list.appendChild(ok);
        }
        d.findings.forEach(function (f) {
          var li = document.createElement("li");
          li.setAttribute("data-check", f.check);
          var badge = document.createElement("span");
          badge.className = "badge " + f.css;
          badge.textContent = f.severity_label;
          var where = document.createElement("strong");
          where.textContent = " " + f.where_in_project + " ";
          var msg = document.createElement("span");
          msg.textContent = f.message;
          li.appendChild(badge); li.appendChild(where); li.appendChild(msg);
          if (f.suggestion) {
            var s = document.createElement("small");
            s.className = "muted";
            s.textContent = " → " + f.suggestion;
            li.appendChild(document.createElement("br"));
            li.appendChild(s);
          }
          list.appendChild(li);
        });
      })
      .catch(function () { count.textContent = "?"; });
  }

  var findingsLater = debounce(refreshFindings, 500);

  // --- formset rows ----------------------------------------------------------------------
  function addRow(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var tpl = document.getElementById(prefix + "-empty");
    var table = document.getElementById(prefix + "-table");
    if (!total || !tpl || !table) { return; }
    var n = parseInt(total.value, 10);
    var html = tpl.innerHTML.replace(/__prefix__/g, String(n));
    var holder = document.createElement("tbody");
    holder.innerHTML = html; // Django's own empty form markup, no user text in it
    var row = holder.firstElementChild;
    table.tBodies[0].appendChild(row);
    total.value = String(n + 1);
  }

  document.addEventListener("click", function (e) {
    var btn = e.target.closest ? e.target.closest("[data-add-row]") : null;
    if (btn) { e.preventDefault(); addRow(btn.getAttribute("data-add-row")); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-live-findings]");
    if (form) {
      form.addEventListener("input", function () { findingsLater(form); });
      form.addEventListener("change", function () { findingsLater(form); });
      refreshFindings(form);
    }
  });
})();
