// Booklets: lays the page out into printed pages with Paged.js (static/vendor/paged.polyfill.min.js,
// loaded after this script), after two steps of its own:
// - the selection booklet ({lang}/print/selection/?ids=a,b,c, or #ids=…) first adds the article of
//   each named case from static/print/{lang}/{id}.js (plain scripts, so this works from file://);
// - a link in a case's text to another case of the booklet becomes a cross-reference to its page
//   ("事例13（p. 34）").
// When the pages are laid out, <html> gets data-booklet="ready" (`casebook pdf` waits for it), or
// "failed" after an error.
"use strict";
window.PagedConfig = { auto: false };
(function () {
  var main, sheets, arrived = {};
  window.casebook = window.casebook || {};
  window.casebook.printCase = function (lang, id, c) { arrived[id] = c; };

  function selectedIds() {
    var from = new URLSearchParams(location.search).get("ids");
    if (from === null && location.hash.indexOf("#ids=") === 0) from = decodeURIComponent(location.hash.slice(5));
    var seen = {}, ids = [];
    (from || "").split(",").forEach(function (id) {
      id = id.trim();
      if (/^[a-z0-9-]+$/.test(id) && !seen[id]) { seen[id] = true; ids.push(id); }
    });
    return ids;
  }

  function say(text) {
    var p = document.createElement("p");
    p.className = "notice";
    p.setAttribute("role", "alert");
    p.textContent = text;
    main.querySelector(".cover").appendChild(p);
  }

  // Loads the scripts of `ids` one after another (in order, so the booklet keeps the list's order).
  function load(ids, done) {
    var missing = [], base = main.dataset.selection;
    (function next(i) {
      if (i === ids.length) return done(missing);
      var s = document.createElement("script");
      s.src = base + ids[i] + ".js";
      s.onload = function () { next(i + 1); };
      s.onerror = function () { missing.push(ids[i]); next(i + 1); };
      document.head.appendChild(s);
    })(0);
  }

  function assemble(ids, missing) {
    var toc = main.querySelector(".toc ol"), cases = main.querySelector(".booklet-cases");
    var found = ids.filter(function (id) { return arrived[id]; });
    var root = main.dataset.root;
    found.forEach(function (id) {
      toc.insertAdjacentHTML("beforeend", arrived[id].toc);
      cases.insertAdjacentHTML("beforeend", arrived[id].html);
    });
    var n = found.length;
    main.querySelector(".cover-count").textContent =
      (n === 1 ? main.dataset.countOne : main.dataset.countN).replace("{n}", String(n));
    if (missing.length) say(main.dataset.unknown.replace("{ids}", missing.join(", ")));
    return root;
  }

  // Links to a case that the booklet holds point at its article, with its page after them; a link
  // whose text has no number ("（事例）") is named by the case's number ("事例 12").
  function crossReferences() {
    var here = {};
    main.querySelectorAll(".print-case").forEach(function (a) { here[a.id] = a; });
    main.querySelectorAll(".prose a[href]").forEach(function (a) {
      var m = /(?:^|\/)cases\/([a-z0-9-]+)\/index\.html$/.exec(a.getAttribute("href"));
      var target = m && here["case-" + m[1]];
      if (!target) return;
      if (!/[0-9０-９]/.test(a.textContent) && target.dataset.caseRef) a.textContent = target.dataset.caseRef;
      a.setAttribute("href", "#case-" + m[1]);
      var page = document.createElement("a");
      page.className = "xref-page";
      page.setAttribute("href", "#case-" + m[1]);
      page.setAttribute("aria-hidden", "true");
      page.setAttribute("tabindex", "-1");
      a.after(page);
    });
  }

  // Lays the booklet out; a case whose last page holds only a few lines is then set a little
  // tighter and the booklet laid out once more, so no page is nearly empty.
  function paginate() {
    crossReferences();
    var status = document.querySelector(".booklet-status");
    status.textContent = status.dataset.preparing;
    var original = main.cloneNode(true);
    // Paged.js takes the page's own stylesheet once; both layouts are given it.
    sheets = [];
    document.querySelectorAll("style:not([data-pagedjs-inserted-styles])").forEach(function (st) {
      var sheet = {};
      sheet[location.href] = st.textContent;
      sheets.push(sheet);
      st.remove();
    });
    layout(main).then(function (flow) {
      var sparse = sparseCases();
      if (!sparse.length) return flow;
      document.querySelectorAll(".booklet-pages, style[data-pagedjs-inserted-styles]").forEach(function (e) { e.remove(); });
      sparse.forEach(function (id) {
        var a = original.querySelector('.print-case[data-case="' + id + '"]');
        if (a) a.classList.add("tight");
      });
      return layout(original);
    }).then(function (flow) {
      status.textContent = "";
      document.documentElement.dataset.booklet = "ready";
      document.documentElement.dataset.pages = String(flow.total);
    }, failed);
  }

  function layout(content) {
    var holder = document.createElement("template");
    holder.content.appendChild(content);
    var into = document.createElement("div");
    into.className = "booklet-pages";
    document.body.appendChild(into);
    return new window.PagedPolyfill.constructor().preview(holder.content, sheets, into);
  }

  // The cases whose last page is filled less than a fifth of the way.
  function sparseCases() {
    var out = [];
    document.querySelectorAll(".booklet-pages .pagedjs_page").forEach(function (page, i, all) {
      var next = all[i + 1];
      var here = page.querySelector(".print-case[data-case]");
      if (!here) return;
      var id = here.dataset.case;
      var nextCase = next && next.querySelector(".print-case[data-case]");
      if (nextCase && nextCase.dataset.case === id && !next.querySelector('.print-case[data-case]:not([data-case="' + id + '"])')) return;
      var area = page.querySelector(".pagedjs_page_content");
      var filled = 0;
      area.querySelectorAll(".print-case").forEach(function (a) { filled = Math.max(filled, a.getBoundingClientRect().bottom - area.getBoundingClientRect().top); });
      if (here.hasAttribute("data-split-from") && filled < area.getBoundingClientRect().height / 5) out.push(id);
    });
    return out;
  }

  // Said to `casebook pdf`, which would otherwise wait for a layout that never comes.
  function failed() { document.documentElement.dataset.booklet = "failed"; }
  window.addEventListener("error", failed);

  document.addEventListener("DOMContentLoaded", function () {
    main = document.getElementById("main");
    if (!main.dataset.selection) return paginate();
    var ids = selectedIds(), max = Number(main.dataset.max);
    if (!ids.length) { say(main.dataset.empty); return paginate(); }
    if (ids.length > max) {
      say(main.dataset.tooMany.replace("{n}", String(ids.length)).replace("{max}", String(max)));
      return paginate();
    }
    load(ids, function (missing) { assemble(ids, missing); paginate(); });
  });
})();
