/* casebook search: runs on the index in static/search-<lang>.js (window.casebookIndex), loaded as
   a plain script so it works from file:// as well as over HTTP. The tokenizer below must stay the
   same as src/search.rs: Japanese in character bigrams, Latin words lowercased and stemmed. */
(function () {
  "use strict";
  var index = window.casebookIndex;
  var app = document.getElementById("search-app");
  if (!index || !app) { return; }

  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var VALUE = {};
  for (var d = 0; d < DIGITS.length; d++) { VALUE[DIGITS.charAt(d)] = d; }

  function normalize(ch) {
    var code = ch.codePointAt(0);
    if (code >= 0xFF01 && code <= 0xFF5E) { ch = String.fromCodePoint(code - 0xFEE0); }
    else if (code === 0x3000) { ch = " "; }
    return (ch >= "A" && ch <= "Z") ? ch.toLowerCase() : ch;
  }
  function isCjk(ch) {
    var c = ch.codePointAt(0);
    return c === 0x3005 || (c >= 0x3040 && c <= 0x309F) || (c >= 0x30A0 && c <= 0x30FF) ||
      (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
  }
  function isLatin(ch) { return /^[A-Za-z0-9]$/.test(ch); }
  function endsWith(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  function stem(w) {
    if (w.length <= 3 || !/[a-z]/.test(w)) { return w; }
    if (endsWith(w, "ies") && w.length > 4) { w = w.slice(0, -3) + "y"; }
    else if (endsWith(w, "sses")) { w = w.slice(0, -2); }
    else if (endsWith(w, "s") && !endsWith(w, "ss") && !endsWith(w, "us") && !endsWith(w, "is")) { w = w.slice(0, -1); }
    var suffixes = ["ing", "ed", "ion"];
    for (var i = 0; i < suffixes.length; i++) {
      if (endsWith(w, suffixes[i]) && w.length - suffixes[i].length >= 3) { w = w.slice(0, -suffixes[i].length); break; }
    }
    if (endsWith(w, "e") && w.length > 3) { w = w.slice(0, -1); }
    return w;
  }
  function tokens(text) {
    var chars = Array.from(text).map(normalize);
    var out = [];
    var i = 0;
    while (i < chars.length) {
      var start = i;
      if (isLatin(chars[i])) {
        while (i < chars.length && isLatin(chars[i])) { i++; }
        out.push(stem(chars.slice(start, i).join("")));
      } else if (isCjk(chars[i])) {
        while (i < chars.length && isCjk(chars[i])) { i++; }
        var run = chars.slice(start, i);
        if (run.length === 1) { out.push(run[0]); }
        for (var k = 0; k + 1 < run.length; k++) { out.push(run[k] + run[k + 1]); }
      } else { i++; }
    }
    return out;
  }

  var cache = {};
  function postings(token) {
    if (cache[token]) { return cache[token]; }
    var encoded = index.tokens[token];
    var map = {};
    if (encoded) {
      var n = 0, doc = 0, first = true;
      for (var i = 0; i < encoded.length; i++) {
        var v = VALUE[encoded.charAt(i)];
        if (v < 32) { n = n * 32 + v; continue; }
        n = n * 32 + v - 32;
        doc = first ? n : doc + n;
        first = false;
        n = 0;
        i++;
        map[doc] = VALUE[encoded.charAt(i)];
      }
    }
    cache[token] = map;
    return map;
  }

  /* Every token of the query must occur (AND); a case's score adds each token's score weighted by
     how rare the token is. */
  function run(query, selected) {
    var toks = tokens(query);
    var unique = toks.filter(function (t, i) { return toks.indexOf(t) === i; });
    var total = index.docs.length;
    var scores = null;
    unique.forEach(function (t) {
      var map = postings(t);
      var ids = Object.keys(map);
      var idf = Math.log(1 + total / Math.max(1, ids.length));
      var next = {};
      ids.forEach(function (id) {
        if (scores === null || id in scores) { next[id] = (scores ? scores[id] : 0) + map[id] * idf; }
      });
      scores = next;
    });
    var results = [];
    if (scores === null) {
      if (!selected.length) { return null; }
      index.docs.forEach(function (_, i) { results.push([i, 0]); });
    } else {
      Object.keys(scores).forEach(function (id) { results.push([+id, scores[id]]); });
    }
    results = results.filter(function (r) {
      var terms = " " + index.docs[r[0]][3] + " ";
      return selected.every(function (ref) { return terms.indexOf(" " + ref + " ") >= 0; });
    });
    results.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return results;
  }

  /* Marks the query's words in a text: Latin words by stem, Japanese by substring. */
  function highlight(el, text, query) {
    var stems = {}, runs = [];
    var qchars = Array.from(query).map(normalize).join("");
    (qchars.match(/[a-z0-9]+/g) || []).forEach(function (w) { stems[stem(w)] = true; });
    var cjk = "";
    Array.from(qchars).concat([" "]).forEach(function (ch) {
      if (isCjk(ch)) { cjk += ch; } else if (cjk) { runs.push(cjk); cjk = ""; }
    });
    var norm = Array.from(text).map(normalize).join("");
    var marks = [];
    var re = /[a-z0-9]+/g, m;
    while ((m = re.exec(norm)) !== null) { if (stems[stem(m[0])]) { marks.push([m.index, m.index + m[0].length]); } }
    runs.forEach(function (r) {
      var at = norm.indexOf(r);
      while (at >= 0) { marks.push([at, at + r.length]); at = norm.indexOf(r, at + r.length); }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    marks.forEach(function (mk) {
      if (mk[0] < pos) { return; }
      el.appendChild(document.createTextNode(text.slice(pos, mk[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(mk[0], mk[1]);
      el.appendChild(mark);
      pos = mk[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
  }

  var root = app.getAttribute("data-root");
  var form = document.querySelector(".search-form");
  var input = document.getElementById("q");
  var facetBox = document.getElementById("search-facets");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var selects = [];

  index.facets.forEach(function (facet, t) {
    var label = document.createElement("label");
    var span = document.createElement("span");
    span.textContent = facet[1];
    var select = document.createElement("select");
    select.name = facet[0];
    var any = document.createElement("option");
    any.value = "";
    any.textContent = app.getAttribute("data-any");
    select.appendChild(any);
    facet[2].forEach(function (term, i) {
      if (!term[1]) { return; }
      var o = document.createElement("option");
      o.value = term[0];
      o.textContent = term[1];
      o.setAttribute("data-ref", t + "." + i);
      select.appendChild(o);
    });
    label.appendChild(span);
    label.appendChild(select);
    facetBox.appendChild(label);
    selects.push(select);
  });
  facetBox.hidden = false;

  function selectedRefs() {
    return selects.filter(function (s) { return s.value; }).map(function (s) {
      return s.options[s.selectedIndex].getAttribute("data-ref");
    });
  }
  function termLabel(ref) {
    var p = ref.split(".");
    return [index.facets[+p[0]][0], index.facets[+p[0]][2][+p[1]][1]];
  }

  function show() {
    var query = input.value.trim();
    var results = run(query, selectedRefs());
    list.textContent = "";
    if (results === null) { status.textContent = ""; return; }
    if (!results.length) { status.textContent = app.getAttribute("data-no-results"); return; }
    var n = results.length;
    status.textContent = app.getAttribute(n === 1 ? "data-found-one" : "data-found-n").replace("{n}", n);
    results.forEach(function (r) {
      var doc = index.docs[r[0]];
      var li = document.createElement("li");
      li.className = "case-card";
      var h = document.createElement("h3");
      var a = document.createElement("a");
      a.href = root + doc[0];
      highlight(a, doc[1], query);
      h.appendChild(a);
      var p = document.createElement("p");
      p.className = "summary";
      highlight(p, doc[2], query);
      if (doc[4]) { a.lang = doc[4]; p.lang = doc[4]; }
      var tags = document.createElement("ul");
      tags.className = "tags";
      doc[3].split(" ").forEach(function (ref) {
        if (!ref) { return; }
        var info = termLabel(ref);
        if (info[0] === "measures" || !info[1]) { return; }
        var tag = document.createElement("li");
        tag.className = "tag tag-" + info[0];
        tag.textContent = info[1];
        tags.appendChild(tag);
      });
      li.appendChild(h);
      li.appendChild(p);
      li.appendChild(tags);
      list.appendChild(li);
    });
  }

  function remember() {
    var params = new URLSearchParams();
    if (input.value.trim()) { params.set("q", input.value.trim()); }
    selects.forEach(function (s) { if (s.value) { params.set(s.name, s.value); } });
    try { history.replaceState(null, "", "?" + params.toString()); } catch (e) { /* some file:// contexts refuse */ }
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  selects.forEach(function (s) { s.value = params.get(s.name) || ""; if (s.selectedIndex < 0) { s.value = ""; } });
  form.addEventListener("submit", function (e) { e.preventDefault(); show(); remember(); });
  selects.forEach(function (s) { s.addEventListener("change", function () { show(); remember(); }); });
  show();
})();
