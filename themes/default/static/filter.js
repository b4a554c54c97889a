/* Filters the list of cases in the browser. Without JavaScript the form stays hidden and the page
   is the complete list. Filters can be given in the address: cases/index.html?industries=retail */
(function () {
  "use strict";
  var form = document.getElementById("case-filters");
  var list = document.getElementById("case-list");
  var count = document.getElementById("case-count");
  if (!form || !list) { return; }
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  function apply() {
    var n = 0;
    Array.prototype.forEach.call(list.children, function (card) {
      var ok = selects.every(function (s) {
        if (!s.value) { return true; }
        var codes = " " + (card.getAttribute("data-" + s.name) || "") + " ";
        return codes.indexOf(" " + s.value + " ") >= 0;
      });
      card.hidden = !ok;
      if (ok) { n++; }
    });
    count.textContent = form.getAttribute(n === 1 ? "data-showing-one" : "data-showing-n").replace("{n}", n);
  }
  var params = new URLSearchParams(location.search);
  selects.forEach(function (s) {
    s.value = params.get(s.name) || "";
    if (s.selectedIndex < 0) { s.value = ""; }
  });
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
