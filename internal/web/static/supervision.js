// 督办 registration form: rows that grow. A table[data-rows] holds rows
// tr[data-row] whose fields are posted by position (milestone_name +
// milestone_due, co_unit_id + co_person_id + co_input_due). The server
// renders a few empty rows so that the form works without script; with it,
// the empty rows are folded away (one stays when none is filled in) and the
// button [data-rows-add="<table id>"] adds a row, up to data-rows-max. Rows
// are numbered again after each change, and their ids, label targets and
// label texts (data-label, "{n}" is the number) follow.
(function () {
  function rowsOf(table) {
    return Array.prototype.slice.call(table.querySelectorAll("tbody > tr[data-row]"));
  }

  function isEmpty(row) {
    if (row.querySelector(".field-error")) {
      return false;
    }
    var fields = row.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value !== "") {
        return false;
      }
    }
    return true;
  }

  function renumber(table) {
    rowsOf(table).forEach(function (row, i) {
      var n = String(i + 1);
      var no = row.querySelector("[data-row-no]");
      if (no) {
        no.textContent = n;
      }
      row.querySelectorAll("[id]").forEach(function (el) {
        el.id = el.id.replace(/-\d+$/, "-" + n);
      });
      row.querySelectorAll("label[for]").forEach(function (el) {
        el.setAttribute("for", el.getAttribute("for").replace(/-\d+$/, "-" + n));
        var text = el.getAttribute("data-label");
        if (text) {
          el.textContent = text.replace("{n}", n);
        }
      });
    });
  }

  // blank clears a cloned row: no values, no messages, no error marks.
  function blank(row) {
    row.querySelectorAll(".field-error").forEach(function (el) {
      el.parentNode.removeChild(el);
    });
    row.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
    });
    row.querySelectorAll("option[selected]").forEach(function (el) {
      el.removeAttribute("selected");
    });
    row.querySelectorAll("input, textarea").forEach(function (el) {
      el.value = "";
      el.removeAttribute("value");
    });
    row.querySelectorAll("select").forEach(function (el) {
      el.selectedIndex = 0;
    });
    return row;
  }

  function setUp(table) {
    var rows = rowsOf(table);
    if (!table.id || rows.length === 0) {
      return;
    }
    var max = parseInt(table.getAttribute("data-rows-max"), 10) || 10;
    var model = blank(rows[0].cloneNode(true));
    var filled = rows.filter(function (r) { return !isEmpty(r); });
    rows.forEach(function (r) {
      if (isEmpty(r) && (filled.length > 0 || r !== rows[0])) {
        r.parentNode.removeChild(r);
      }
    });
    renumber(table);

    var wrap = document.querySelector('[data-rows-add-for="' + table.id + '"]');
    var button = wrap && wrap.querySelector('[data-rows-add="' + table.id + '"]');
    if (!button) {
      return;
    }
    var full = wrap.querySelector("[data-rows-full]");
    function update() {
      var atMax = rowsOf(table).length >= max;
      button.disabled = atMax;
      if (full) {
        full.hidden = !atMax;
      }
    }
    button.addEventListener("click", function () {
      if (rowsOf(table).length >= max) {
        return;
      }
      var row = model.cloneNode(true);
      table.querySelector("tbody").appendChild(row);
      renumber(table);
      update();
      var first = row.querySelector("input, select, textarea");
      if (first) {
        first.focus();
      }
    });
    wrap.hidden = false;
    update();
  }

  function start() {
    document.querySelectorAll("table[data-rows]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
