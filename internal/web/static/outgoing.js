// 发文 pages. Everything works without this script (the server checks and
// defaults every field); it makes the drafting form and the action forms
// quicker to fill in:
//
// 1. 文种 (select[data-og-kind]): choosing one sets the usual 行文方向 and
//    版式 from the option's data-direction and data-format, unticks 加盖印章
//    for a 纪要 (data-sealed="0"), and lists the 机关代字 of the chosen
//    发文机关 (select[data-og-lead], its option's data-code) with the
//    suffixes of the 文种 (data-suffixes, as the server orders them).
// 2. 公开属性 (select[data-og-disclosure]): the reason field
//    (#disclosure-reason-field) shows only for 依申请公开 and 不予公开.
// 3. A live character count of a textarea[data-og-count="<element id>"].
// 4. Quick phrases: a button with data-og-fill="同意。" and
//    data-og-target="<textarea id>" adds the phrase to the text area.
// 5. 审核: a button [data-og-checkall] ticks the form's five 通过 boxes.
(function () {
  "use strict";

  function selected(sel) {
    return sel && sel.selectedIndex >= 0 ? sel.options[sel.selectedIndex] : null;
  }

  function fillSeries() {
    var kind = selected(document.querySelector("[data-og-kind]"));
    var lead = selected(document.querySelector("[data-og-lead]"));
    var series = document.querySelector("[data-og-series]");
    if (!kind || !lead || !series) {
      return;
    }
    var code = lead.getAttribute("data-code") || "";
    var suffixes = (kind.getAttribute("data-suffixes") || "").split(",");
    var keep = series.value;
    while (series.options.length > 0) {
      series.remove(0);
    }
    var found = false;
    for (var i = 0; i < suffixes.length; i++) {
      if (!suffixes[i]) {
        continue;
      }
      var v = code + suffixes[i];
      series.add(new Option(v, v));
      found = found || v === keep;
    }
    series.value = found ? keep : (series.options.length > 0 ? series.options[0].value : "");
  }

  function kindChanged(e) {
    var opt = selected(e.target);
    if (!opt) {
      return;
    }
    var dir = document.getElementById("direction");
    var fmt = document.getElementById("format");
    if (dir && opt.getAttribute("data-direction")) {
      dir.value = opt.getAttribute("data-direction");
    }
    if (fmt && opt.getAttribute("data-format")) {
      fmt.value = opt.getAttribute("data-format");
    }
    var sealed = document.getElementById("sealed");
    if (sealed && opt.getAttribute("data-sealed") === "0") {
      sealed.checked = false;
    }
    // A new 文种 takes its usual 机关代字 (函 for a 函, 发 for a 通知 …).
    var series = document.querySelector("[data-og-series]");
    if (series) {
      series.value = "";
    }
    fillSeries();
  }

  function disclosureChanged() {
    var sel = document.querySelector("[data-og-disclosure]");
    var box = document.getElementById("disclosure-reason-field");
    if (!sel || !box) {
      return;
    }
    var need = sel.value === "on_request" || sel.value === "not_disclosed";
    if (need) {
      box.removeAttribute("hidden");
    } else {
      box.setAttribute("hidden", "");
    }
  }

  function count(area) {
    var out = document.getElementById(area.getAttribute("data-og-count"));
    if (!out) {
      return;
    }
    var n = Array.from(area.value.replace(/[\r\n]/g, "")).length;
    out.textContent = "正文共 " + n + " 字";
  }

  document.addEventListener("change", function (e) {
    var t = e.target;
    if (!t || !t.matches) {
      return;
    }
    if (t.matches("[data-og-kind]")) {
      kindChanged(e);
    } else if (t.matches("[data-og-lead]")) {
      fillSeries();
    } else if (t.matches("[data-og-disclosure]")) {
      disclosureChanged();
    }
  });

  document.addEventListener("input", function (e) {
    if (e.target && e.target.matches && e.target.matches("textarea[data-og-count]")) {
      count(e.target);
    }
  });

  document.addEventListener("click", function (e) {
    var b = e.target && e.target.closest ? e.target.closest("[data-og-fill], [data-og-checkall]") : null;
    if (!b) {
      return;
    }
    e.preventDefault();
    if (b.hasAttribute("data-og-checkall")) {
      var form = b.closest("form");
      var boxes = form ? form.querySelectorAll("input[data-og-check]") : [];
      for (var i = 0; i < boxes.length; i++) {
        boxes[i].checked = true;
      }
      return;
    }
    var t = document.getElementById(b.getAttribute("data-og-target"));
    if (!t) {
      return;
    }
    var phrase = b.getAttribute("data-og-fill");
    var cur = t.value.replace(/\s+$/, "");
    t.value = cur === "" ? phrase : cur + phrase;
    t.focus();
    if (t.setSelectionRange) {
      t.setSelectionRange(t.value.length, t.value.length);
    }
  });

  function start() {
    disclosureChanged();
    var areas = document.querySelectorAll("textarea[data-og-count]");
    for (var i = 0; i < areas.length; i++) {
      count(areas[i]);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
