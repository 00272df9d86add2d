/* vetlint HTML report: click a finding to reach its figure, filter by severity and rule. */
(function () {
  "use strict";
  var root = document.documentElement;
  function hasId(list, id) { return (" " + (list || "") + " ").indexOf(" " + id + " ") >= 0; }
  function marksOf(id, attr) {
    return Array.prototype.filter.call(document.querySelectorAll("[data-" + attr + "]"), function (m) {
      return hasId(m.getAttribute("data-" + attr), id);
    });
  }
  function clear(cls) {
    Array.prototype.forEach.call(document.querySelectorAll("." + cls), function (el) { el.classList.remove(cls); });
  }
  function activate(li, scroll) {
    var id = li.getAttribute("data-finding");
    clear("vl-active"); clear("vl-flash"); clear("vl-related");
    li.classList.add("vl-active");
    var judged = marksOf(id, "judged");
    judged.forEach(function (m) { m.classList.add("vl-flash"); });
    marksOf(id, "inputs").forEach(function (m) { m.classList.add("vl-related"); });
    if (scroll && judged.length) { judged[0].scrollIntoView({ block: "center" }); }
    if (history.replaceState) { history.replaceState(null, "", "#" + id); }
  }
  Array.prototype.forEach.call(document.querySelectorAll(".vl-finding"), function (li) {
    li.addEventListener("click", function () { activate(li, true); });
    li.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); activate(li, true); } });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-judged]"), function (m) {
    m.addEventListener("click", function () {
      var first = (m.getAttribute("data-judged") || "").split(" ")[0];
      var li = document.getElementById(first);
      if (li && !li.hidden) { activate(li, false); li.scrollIntoView({ block: "nearest" }); }
    });
  });
  function applyFilters() {
    var sev = {};
    Array.prototype.forEach.call(document.querySelectorAll("input[data-filter-severity]"), function (box) {
      sev[box.getAttribute("data-filter-severity")] = box.checked;
    });
    var ruleBox = document.getElementById("vl-filter-rule");
    var rule = ruleBox ? ruleBox.value : "";
    var shown = {};
    var count = 0;
    Array.prototype.forEach.call(document.querySelectorAll(".vl-finding"), function (li) {
      var ok = sev[li.getAttribute("data-severity")] !== false && (!rule || li.getAttribute("data-rule") === rule);
      li.hidden = !ok;
      if (ok) { shown[li.getAttribute("data-finding")] = true; count += 1; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-judged]"), function (m) {
      var ids = (m.getAttribute("data-judged") || "").split(" ");
      var on = ids.some(function (id) { return shown[id]; });
      m.classList.toggle("vl-off", !on);
    });
    root.setAttribute("data-shown", String(count));
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-severity], #vl-filter-rule"), function (el) {
    el.addEventListener("change", applyFilters);
  });
  applyFilters();
  if (location.hash) {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.classList.contains("vl-finding")) { activate(target, true); }
  }
  root.setAttribute("data-ready", "1");
})();
