/* casebook's finder: facets, search and results in the browser, for the case list, the term and
   combination pages and the search page (templates/partials/finder.html).

   It reads the plain script files the build writes under static/search/<lang>/ — each one calls a
   function of window.casebook — and adds them to the page with <script> tags, so it works from
   file:// as well as over HTTP (no fetch, no modules):
     meta.js       the case ids and, per term of every facet, its cases: counts and narrowing;
     t/<k>.js      shard k of the postings, loaded for the tokens of a query;
     doc/<id>.js   one case's card and text, loaded for the results shown;
     words.js      the words to suggest a spelling from, loaded only when nothing matches.

   State lives in the address (?industries=manufacturing&regions=kinki&q=…), so a filtered list can
   be bookmarked and shared, survives Back and Forward, and the language link keeps it.

   fold(), tokens() and stem() must stay exactly those of src/render/search/tokens.rs, and
   shardOf() that of src/render/search/mod.rs: the index is made with the Rust ones. */
(function () {
  "use strict";
  var form = document.getElementById("finder");
  var cb = window.casebook = window.casebook || {};

  /* ---- Folding and tokens (as in src/render/search/tokens.rs) ---- */

  var SMALL = { 0x30A1: 1, 0x30A3: 1, 0x30A5: 1, 0x30A7: 1, 0x30A9: 1, 0x30C3: 1, 0x30E3: 1, 0x30E5: 1, 0x30E7: 1, 0x30EE: 1 };
  function foldChar(ch) {
    var u = ch.codePointAt(0);
    if (u === 0x30FC) { return ""; }
    if ((u >= 0x3041 && u <= 0x3096) || u === 0x309D || u === 0x309E) { u += 0x60; }
    if (SMALL[u]) { u += 1; } else if (u === 0x30F5) { u = 0x30AB; } else if (u === 0x30F6) { u = 0x30B1; }
    var c = String.fromCodePoint(u);
    var lower = c.toLowerCase();
    return Array.from(lower).length === 1 ? lower : c;
  }
  function fold(text) {
    return Array.from(text.normalize("NFKC"), foldChar).join("");
  }
  function isCjk(c) {
    var u = c.codePointAt(0);
    return u === 0x3005 || (u >= 0x3040 && u <= 0x30FF) || (u >= 0x3400 && u <= 0x4DBF) ||
      (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF);
  }
  function isLatin(c) { return /^[a-z0-9]$/.test(c); }
  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  function stem(w) {
    if (w.length <= 3 || !/[a-z]/.test(w)) { return w; }
    if (ends(w, "ies") && w.length > 4) { w = w.slice(0, -3) + "y"; }
    else if (ends(w, "sses")) { w = w.slice(0, -2); }
    else if (ends(w, "s") && !ends(w, "ss") && !ends(w, "us") && !ends(w, "is")) { w = w.slice(0, -1); }
    var suffixes = ["ing", "ed", "ion"];
    for (var i = 0; i < suffixes.length; i++) {
      if (ends(w, suffixes[i]) && w.length - suffixes[i].length >= 3) { w = w.slice(0, -suffixes[i].length); break; }
    }
    if (ends(w, "e") && w.length > 3) { w = w.slice(0, -1); }
    return w;
  }
  /* The query's tokens: bigrams of Japanese runs (a run of one character is its own token), and
     stemmed Latin words; `raw` is a Latin word as typed, `end` where it ends in the folded text. */
  function queryTokens(folded) {
    var out = [], word = "", run = null, runLen = 0, at = 0;
    function endRun() { if (run !== null && runLen === 1) { out.push({ t: run }); } run = null; runLen = 0; }
    Array.from(folded).forEach(function (c) {
      at += c.length;
      if (isLatin(c)) { endRun(); word += c; return; }
      if (word) { out.push({ t: stem(word), raw: word, end: at - c.length }); word = ""; }
      if (isCjk(c)) {
        if (run !== null) { out.push({ t: run + c }); }
        run = c;
        runLen++;
      } else { endRun(); }
    });
    if (word) { out.push({ t: stem(word), raw: word, end: at }); }
    endRun();
    return out;
  }
  function shardOf(token, shards) {
    var h = 0x811C9DC5;
    var cs = Array.from(token).slice(0, 2);
    for (var i = 0; i < cs.length; i++) {
      h ^= cs[i].codePointAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % shards;
  }

  /* The rules the index was made with, for the browser tests to hold against the Rust ones. */
  cb.text = { fold: fold, queryTokens: function (q) { return queryTokens(fold(q)).map(function (t) { return t.t; }); }, shardOf: shardOf };

  if (!form || !window.Promise || !window.Uint32Array) { return; }

  var S = JSON.parse(form.getAttribute("data-strings"));
  var mode = form.getAttribute("data-mode");
  var base = form.getAttribute("data-index");
  var root = form.getAttribute("data-root");
  var lang = form.getAttribute("data-lang");
  var caseUrl = form.getAttribute("data-case-url");
  var termUrl = form.getAttribute("data-term-url");
  var listUrl = form.getAttribute("data-list-url");
  var printUrl = form.getAttribute("data-print-url");
  var printMax = Number(form.getAttribute("data-print-max"));
  var results = document.getElementById("finder-results");
  var printLink = results.querySelector(".finder-print");
  var staticList = document.getElementById("finder-static");
  var input = document.getElementById("finder-q");
  var selectsBox = form.querySelector(".finder-selects");
  var countEl = document.getElementById("finder-count");
  var wayout = results.querySelector(".finder-wayout");
  var list = results.querySelector("ol");
  var more = results.querySelector(".finder-more");
  var clear = form.querySelector(".finder-clear");
  var facetsBox = form.querySelector(".finder-facets");
  var activeEl = form.querySelector(".finder-active");
  var PAGE = 10;

  /* ---- Loading the search files ---- */

  var data = { meta: null, shards: {}, docs: {}, words: null };
  cb.loaded = cb.loaded || [];
  cb.searchMeta = function (l, m) { if (l === lang) { data.meta = m; } };
  cb.searchShard = function (l, k, t) { if (l === lang) { data.shards[k] = t; } };
  cb.searchDoc = function (l, id, d) { if (l === lang) { data.docs[id] = d; } };
  cb.searchWords = function (l, w) { if (l === lang) { data.words = w; } };
  var scripts = {};
  function load(path) {
    if (!scripts[path]) {
      scripts[path] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + path;
        s.onload = function () { cb.loaded.push(path); resolve(); };
        s.onerror = function () { delete scripts[path]; reject(new Error("cannot load " + path)); };
        document.head.appendChild(s);
      });
    }
    return scripts[path];
  }

  /* ---- The metadata: cases, facets, bitsets ---- */

  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var VALUE = {};
  for (var d = 0; d < DIGITS.length; d++) { VALUE[DIGITS.charAt(d)] = d; }
  /* Gap-encoded case lists (base 32, the last digit of a number marked by +32); with `scored`,
     each case is followed by its score digit. */
  function decode(text, scored) {
    var out = [], n = 0, doc = 0, first = true;
    for (var i = 0; i < text.length; i++) {
      var v = VALUE[text.charAt(i)];
      if (v < 32) { n = n * 32 + v; continue; }
      n = n * 32 + v - 32;
      doc = first ? n : doc + n;
      first = false;
      n = 0;
      if (scored) { i++; out.push([doc, VALUE[text.charAt(i)]]); } else { out.push(doc); }
    }
    return out;
  }

  var N = 0, W = 0, ids = [], facets = [], byName = {}, groupFacets = {}, everything = null;
  function bits() { return new Uint32Array(W); }
  function bitsOf(docs) {
    var b = bits();
    for (var i = 0; i < docs.length; i++) { b[docs[i] >>> 5] |= 1 << (docs[i] & 31); }
    return b;
  }
  function and(a, b) {
    var out = bits();
    for (var i = 0; i < W; i++) { out[i] = a[i] & b[i]; }
    return out;
  }
  function pop(x) {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return Math.imul((x + (x >>> 4)) & 0x0F0F0F0F, 0x01010101) >>> 24;
  }
  function countOf(b) {
    var n = 0;
    for (var i = 0; i < W; i++) { if (b[i]) { n += pop(b[i]); } }
    return n;
  }
  function countAnd(a, b) {
    var n = 0;
    for (var i = 0; i < W; i++) { var x = a[i] & b[i]; if (x) { n += pop(x); } }
    return n;
  }
  function has(b, doc) { return (b[doc >>> 5] & (1 << (doc & 31))) !== 0; }
  function members(b) {
    var out = [];
    for (var i = 0; i < W; i++) {
      var x = b[i];
      while (x) {
        var low = x & -x;
        out.push(i * 32 + 31 - Math.clz32(low));
        x ^= low;
      }
    }
    return out;
  }

  /* The ids of meta.js are front-coded (front_code in src/render/search/data.rs): each is a
     capital letter saying how many characters it shares with the one before (A = none), then the
     rest of it. */
  function decodeIds(coded) {
    var out = [], prev = "", re = /([A-Z])([^A-Z]*)/g, m;
    while ((m = re.exec(coded))) {
      prev = prev.slice(0, m[1].charCodeAt(0) - 65) + m[2];
      out.push(prev);
    }
    return out;
  }

  function readMeta(m) {
    if (typeof m.ids === "string") { m.ids = decodeIds(m.ids); }
    ids = m.ids;
    N = ids.length;
    W = (N + 31) >>> 5;
    everything = bits();
    for (var i = 0; i < N; i++) { everything[i >>> 5] |= 1 << (i & 31); }
    facets = m.facets.map(function (f) {
      var facet = { name: f.name, label: f.label, groupedBy: f.groupedBy || null, terms: [], byCode: {} };
      f.terms.forEach(function (t) {
        var term = { code: t[0], label: t[1], group: t[2], bits: bitsOf(decode(t[3], false)) };
        facet.terms.push(term);
        facet.byCode[term.code] = term;
      });
      byName[f.name] = facet;
      if (f.groupedBy) { groupFacets[f.groupedBy] = true; }
      return facet;
    });
  }

  /* ---- State: the preset of the page, the reader's choices, the query ---- */

  var preset = {};
  (form.getAttribute("data-preset") || "").split("&").forEach(function (p) {
    var kv = p.split("=");
    if (kv[0]) { preset[kv[0]] = kv[1]; }
  });
  var state = { q: "", sel: {} };
  var selects = {};

  function readAddress() {
    var params = new URLSearchParams(location.search);
    state.q = params.get("q") || "";
    state.sel = {};
    facets.forEach(function (f) {
      var v = params.get(f.name);
      if (v && f.byCode[v] && !(f.name in preset)) { state.sel[f.name] = v; }
    });
  }
  function paramsOf(q, sel) {
    var p = new URLSearchParams();
    if (q.trim()) { p.set("q", q.trim()); }
    facets.forEach(function (f) { if (sel[f.name]) { p.set(f.name, sel[f.name]); } });
    var s = p.toString();
    return s ? "?" + s : "";
  }
  var langLinks = Array.prototype.slice.call(document.querySelectorAll("a.lang-switch"));
  langLinks.forEach(function (a) { a.setAttribute("data-base-href", a.getAttribute("href").split("?")[0]); });
  function writeAddress() {
    var query = paramsOf(state.q, state.sel);
    if (query !== location.search) {
      try { history.replaceState(history.state, "", location.pathname + query + location.hash); } catch (e) { /* keep the page usable */ }
    }
    langLinks.forEach(function (a) { a.setAttribute("href", a.getAttribute("data-base-href") + query); });
  }

  /* ---- Search ---- */

  var decoded = {};
  function postings(token, shard) {
    var key = shard + " " + token;
    if (!decoded[key]) {
      var encoded = data.shards[shard] && data.shards[shard][token];
      decoded[key] = encoded ? decode(encoded, true) : [];
    }
    return decoded[key];
  }

  /* The query as groups of alternative tokens: every group must match (AND); the last Latin word,
     while it is being typed, also matches the words it begins. */
  function parse(q) {
    var folded = fold(q);
    var shards = data.meta.shards;
    return queryTokens(folded).map(function (tok, i, all) {
      var g = { tokens: [tok.t], prefix: null, shards: [shardOf(tok.t, shards)] };
      if (tok.raw && i === all.length - 1 && tok.end === folded.length && tok.raw.length >= 2) {
        g.prefix = tok.raw;
        g.shards.push(shardOf(tok.raw, shards));
      }
      return g;
    });
  }

  /* Cases matching every group, each with [groups matched in the title or summary, score]. */
  function search(groups) {
    var needed = {};
    groups.forEach(function (g) { g.shards.forEach(function (k) { needed[k] = true; }); });
    return Promise.all(Object.keys(needed).map(function (k) { return load("t/" + k + ".js"); })).then(function () {
      var scored = null;
      groups.forEach(function (g) {
        var best = {};
        var add = function (list) {
          for (var i = 0; i < list.length; i++) {
            var doc = list[i][0], s = list[i][1];
            if (!(doc in best) || s > best[doc]) { best[doc] = s; }
          }
        };
        g.tokens.forEach(function (t, i) { add(postings(t, g.shards[0])); });
        if (g.prefix) {
          var shard = data.shards[g.shards[1]] || {};
          Object.keys(shard).forEach(function (t) {
            if (t.lastIndexOf(g.prefix, 0) === 0) { add(postings(t, g.shards[1])); }
          });
        }
        var docs = Object.keys(best);
        var idf = Math.log(1 + N / Math.max(1, docs.length));
        var next = {};
        docs.forEach(function (doc) {
          if (scored === null || doc in scored) {
            var prev = scored ? scored[doc] : [0, 0];
            var s = best[doc];
            next[doc] = [prev[0] + (s >= 32 ? 1 : 0), prev[1] + (s & 31) * idf];
          }
        });
        scored = next;
      });
      return scored || {};
    });
  }

  /* Bigrams find a word of three or more characters by its pairs, which can also be found apart
     (ランサムウィア: ラン…ムウ in ランサムウェア, ウイ in ウイルス, イア in メディア). When no more
     cases match than a page of results shows, their texts (loaded to show them anyway) are read
     to keep only those that hold every such word whole; when more match, the query is a real
     word of the texts, and such chance matches are rare among them. */
  var VERIFY_AT_MOST = PAGE;
  function verified(q, scored) {
    var runs = markers(q).runs.filter(function (r) { return Array.from(r).length >= 3; });
    var docs = scored ? Object.keys(scored) : [];
    if (!runs.length || !docs.length || docs.length > VERIFY_AT_MOST) { return scored; }
    return Promise.all(docs.map(function (d) { return load("doc/" + ids[d] + ".js"); })).then(function () {
      var kept = {};
      docs.forEach(function (d) {
        var doc = data.docs[ids[d]];
        if (!doc) { return; }
        var all = fold([doc.t, doc.s, doc.b].concat(doc.f.map(function (f) { return f[1]; })).join("\n"));
        if (runs.every(function (r) { return all.indexOf(r) >= 0; })) { kept[d] = scored[d]; }
      });
      return kept;
    });
  }

  /* ---- Counting and narrowing ---- */

  var matched = null; /* the cases of the query, as bits (null: no query) */
  var ranks = {};

  function bitsWith(sel, withPreset, withQuery, except) {
    var b = everything;
    var apply = function (name, code) {
      var f = byName[name];
      if (f && f.byCode[code] && name !== except) { b = and(b, f.byCode[code].bits); }
    };
    if (withPreset) { Object.keys(preset).forEach(function (n) { apply(n, preset[n]); }); }
    Object.keys(sel).forEach(function (n) { if (sel[n]) { apply(n, sel[n]); } });
    if (withQuery && matched) { b = and(b, matched); }
    return b;
  }

  function option(value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    return o;
  }
  function buildSelects() {
    facets.forEach(function (f) {
      if (f.name in preset) { return; }
      var presetFacet = Object.keys(preset).map(function (n) { return byName[n]; })
        .filter(function (p) { return p && p.groupedBy === f.name; });
      if (presetFacet.length) { return; } /* a prefecture's page needs no region menu */
      var label = document.createElement("label");
      var span = document.createElement("span");
      span.textContent = f.label;
      var select = document.createElement("select");
      select.name = f.name;
      select.appendChild(option("", S.any));
      var groups = f.groupedBy && byName[f.groupedBy];
      var parent = select, current = null;
      f.terms.forEach(function (t) {
        if (groups && t.group !== current) {
          current = t.group;
          parent = document.createElement("optgroup");
          parent.label = groups.byCode[t.group] ? groups.byCode[t.group].label : "";
          select.appendChild(parent);
        }
        var o = option(t.code, t.label);
        o.setAttribute("data-label", t.label);
        parent.appendChild(o);
      });
      label.appendChild(span);
      label.appendChild(select);
      selectsBox.appendChild(label);
      selects[f.name] = select;
      select.addEventListener("change", function () {
        state.sel[f.name] = select.value;
        if (!select.value) { delete state.sel[f.name]; }
        update();
      });
    });
  }
  function count(n) { return (n === 1 ? S.cases_one : S.cases_n).replace("{n}", n); }
  function showCounts() {
    Object.keys(selects).forEach(function (name) {
      var select = selects[name];
      var f = byName[name];
      var basis = bitsWith(state.sel, true, true, name);
      Array.prototype.forEach.call(select.querySelectorAll("option[data-label]"), function (o) {
        var n = countAnd(basis, f.byCode[o.value].bits);
        o.textContent = o.getAttribute("data-label") + " (" + n + ")";
        o.disabled = n === 0 && o.value !== state.sel[name];
      });
      select.value = state.sel[name] || "";
    });
  }

  /* ---- Results ---- */

  function text(tag, cls, content) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (content !== undefined) { el.textContent = content; }
    return el;
  }

  /* What to mark of the query in a text: its Japanese runs as substrings of the folded text, its
     Latin words by stem (the last one also as a prefix while it is typed). */
  function markers(q) {
    var folded = fold(q);
    var runs = [], words = [], run = "";
    Array.from(folded + " ").forEach(function (c) {
      if (isCjk(c)) { run += c; } else if (run) { runs.push(run); run = ""; }
    });
    var last = null;
    var re = /[a-z0-9]+/g, m;
    while ((m = re.exec(folded)) !== null) { last = { w: m[0], end: m.index + m[0].length }; words.push(stem(m[0])); }
    var prefix = last && last.end === folded.length && last.w.length >= 2 ? last.w : null;
    return { runs: runs, words: words, prefix: prefix };
  }
  /* The folded text with, for each folded character, where it comes from in the original. A text
     is folded character by character (NFKC of a whole text may join characters), so the folding
     of each is remembered. */
  var foldedCluster = {};
  function foldMap(original) {
    var folded = "", from = [];
    var cps = Array.from(original), at = 0;
    for (var i = 0; i < cps.length; i++) {
      var cluster = cps[i], start = at;
      at += cps[i].length;
      while (i + 1 < cps.length && /[\u0300-\u036F\u3099\u309A\uFF9E\uFF9F]/.test(cps[i + 1])) {
        i++;
        cluster += cps[i];
        at += cps[i].length;
      }
      var f = foldedCluster[cluster];
      if (f === undefined) { f = foldedCluster[cluster] = fold(cluster); }
      for (var k = 0; k < f.length; k++) { from.push([start, at]); }
      folded += f;
    }
    return { text: folded, from: from };
  }
  /* Matches of the markers in `original`: [start, end, which] in the original's offsets. */
  function matches(original, mk) {
    var map = foldMap(original);
    var t = map.text, out = [];
    var push = function (s, e, which) { out.push([map.from[s][0], map.from[e - 1][1], which]); };
    mk.runs.forEach(function (r, i) {
      var at = t.indexOf(r);
      while (at >= 0) { push(at, at + r.length, "r" + i); at = t.indexOf(r, at + r.length); }
    });
    if (mk.words.length || mk.prefix) {
      var re = /[a-z0-9]+/g, m;
      while ((m = re.exec(t)) !== null) {
        var s = stem(m[0]);
        var i = mk.words.indexOf(s);
        if (i >= 0) { push(m.index, m.index + m[0].length, "w" + i); }
        else if (mk.prefix && m[0].lastIndexOf(mk.prefix, 0) === 0) { push(m.index, m.index + m[0].length, "w" + (mk.words.length - 1)); }
      }
    }
    out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    return out;
  }
  /* `original` from `start` to `end` into `el`, the matches in <mark>. */
  function marked(el, original, found, start, end) {
    var pos = start;
    found.forEach(function (m) {
      if (m[0] < pos || m[1] > end) { return; }
      el.appendChild(document.createTextNode(original.slice(pos, m[0])));
      el.appendChild(text("mark", null, original.slice(m[0], m[1])));
      pos = m[1];
    });
    el.appendChild(document.createTextNode(original.slice(pos, end)));
    return el;
  }
  /* The excerpt of the body around its best match: the window that holds the most different
     words of the query, the earliest of equals. */
  function snippet(body, mk) {
    var found = matches(body, mk);
    if (!found.length) { return null; }
    var span = lang === "ja" ? 110 : 220;
    var best = null, bestScore = -1;
    found.forEach(function (m) {
      var from = Math.max(0, m[0] - Math.floor(span / 3));
      var seen = {}, score = 0;
      found.forEach(function (o) { if (o[0] >= from && o[1] <= from + span && !seen[o[2]]) { seen[o[2]] = true; score++; } });
      if (score > bestScore) { bestScore = score; best = from; }
    });
    var start = best, end = Math.min(body.length, best + span);
    if (start > 0 && lang === "en") { var sp = body.indexOf(" ", start); if (sp >= 0 && sp < found[0][0] + span) { start = Math.min(sp + 1, start + 20); } }
    var p = text("p", "snippet");
    if (start > 0) { p.appendChild(document.createTextNode("…")); }
    marked(p, body, found, start, end);
    if (end < body.length) { p.appendChild(document.createTextNode("…")); }
    return p;
  }
  function card(id, doc, mk) {
    var li = text("li", "case-card");
    var h = text("h3");
    var a = document.createElement("a");
    a.href = root + caseUrl.replace("{id}", id);
    var title = doc.t, summary = doc.s;
    if (mk) { marked(a, title, matches(title, mk), 0, title.length); } else { a.textContent = title; }
    h.appendChild(a);
    var p = text("p", "summary");
    if (mk) { marked(p, summary, matches(summary, mk), 0, summary.length); } else { p.textContent = summary; }
    if (doc.l) { a.lang = doc.l; p.lang = doc.l; }
    li.appendChild(h);
    li.appendChild(p);
    var excerpt = mk && snippet(doc.b, mk);
    if (excerpt) { if (doc.l) { excerpt.lang = doc.l; } li.appendChild(excerpt); }
    var tags = text("ul", "tags");
    doc.f.forEach(function (f) {
      /* as partials/case_card.html: not the measures, nor a facet made of another's groups */
      if (f[0] !== "measures" && !groupFacets[f[0]]) { tags.appendChild(text("li", "tag tag-" + f[0], f[1])); }
    });
    li.appendChild(tags);
    return li;
  }

  var order = [], shown = 0, generation = 0;
  function showMore(focus) {
    var gen = generation;
    var next = order.slice(shown, shown + PAGE);
    more.hidden = true;
    return Promise.all(next.map(function (i) { return load("doc/" + ids[i] + ".js"); })).then(function () {
      if (gen !== generation) { return; }
      var mk = shownQ ? markers(shownQ) : null;
      var first = null;
      next.forEach(function (i) {
        var doc = data.docs[ids[i]];
        if (!doc) { return; }
        var li = card(ids[i], doc, mk);
        first = first || li;
        list.appendChild(li);
      });
      shown += next.length;
      more.hidden = shown >= order.length;
      if (focus && first) { first.querySelector("a").focus(); }
    }, failed);
  }
  function failed() {
    countEl.textContent = S.search_failed;
  }

  /* ---- Ways out of an empty result ---- */

  function labelOf(name, code) {
    var f = byName[name];
    return f && f.byCode[code] ? f.byCode[code].label : code;
  }
  function here() { return location.pathname.split("/").pop() || "index.html"; }
  function wayLink(w) {
    var li = text("li");
    var a = document.createElement("a");
    a.href = w.href;
    a.textContent = w.parts.join(" × ") + " " + count(w.n);
    if (w.stay) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        state.sel = w.sel;
        state.q = w.q;
        input.value = w.q;
        update();
        countEl.focus();
      });
    }
    li.appendChild(a);
    return li;
  }
  function waysOut() {
    var options = [];
    var q = state.q.trim();
    var consider = function (sel, withPreset, withQuery) {
      var n = countOf(bitsWith(sel, withPreset, withQuery, null));
      if (!n) { return; }
      var parts = [];
      if (withPreset) { Object.keys(preset).forEach(function (k) { parts.push(labelOf(k, preset[k])); }); }
      facets.forEach(function (f) { if (sel[f.name]) { parts.push(labelOf(f.name, sel[f.name])); } });
      if (withQuery && q) { parts.push(S.quoted.replace("{q}", q)); }
      if (!parts.length) { return; }
      var params = paramsOf(withQuery ? q : "", sel);
      var href = withPreset ? here() + params : root + listUrl + params;
      if (options.some(function (o) { return o.href === href; })) { return; }
      options.push({ href: href, parts: parts, n: n, stay: withPreset, sel: sel, q: withQuery ? q : "" });
    };
    Object.keys(state.sel).forEach(function (name) {
      var f = byName[name];
      var term = f.byCode[state.sel[name]];
      if (f.groupedBy && term.group && byName[f.groupedBy]) {
        var wider = Object.assign({}, state.sel);
        delete wider[name];
        wider[f.groupedBy] = term.group;
        consider(wider, true, true);
      }
      var without = Object.assign({}, state.sel);
      delete without[name];
      consider(without, true, true);
    });
    if (q && matched) { consider(state.sel, true, false); }
    if (Object.keys(preset).length) { consider(state.sel, false, true); }
    /* The ways that keep most of the reader's choices first (近畿 × 製造業 before 製造業 alone). */
    options.sort(function (a, b) { return b.parts.length - a.parts.length || b.n - a.n; });
    return options.slice(0, 5);
  }

  /* ---- Suggestions when the words match nothing ---- */

  function distance(a, b, max) {
    /* Optimal string alignment distance (a swap of two letters counts as one), or max + 1. */
    a = Array.from(a); b = Array.from(b);
    if (Math.abs(a.length - b.length) > max) { return max + 1; }
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) { prev.push(j); }
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var v = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + cost);
        if (prev2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) { v = Math.min(v, prev2[k - 2] + 1); }
        cur.push(v);
        low = Math.min(low, v);
      }
      if (low > max) { return max + 1; }
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }
  /* How many edits a word of this length may be from its suggestion: none for the shortest words,
     where one edit makes another word (usb, use), one up to eight characters, two beyond. */
  function allowed(word) { var n = Array.from(word).length; return n <= 3 ? 0 : n <= 8 ? 1 : 2; }
  function relatedTerms(q) {
    var fq = fold(q).replace(/\s+/g, "");
    var out = [];
    if (Array.from(fq).length < 2) { return out; }
    facets.forEach(function (f) {
      f.terms.forEach(function (t) {
        var fl = fold(t.label).replace(/\s+/g, "");
        var close = fl.indexOf(fq) >= 0 || (fl.length >= 2 && fq.indexOf(fl) >= 0) || (allowed(fq) > 0 && distance(fq, fl, allowed(fq)) <= allowed(fq));
        if (close && countOf(t.bits)) { out.push({ facet: f, term: t }); }
      });
    });
    return out.slice(0, 4);
  }
  function spelling(q) {
    /* Each word of the query that matches nothing, replaced by the closest word of the index. */
    return load("words.js").then(function () {
      var words = data.words || [];
      var folded = words.map(fold);
      var changed = false;
      var parts = q.trim().split(/\s+/).map(function (w) {
        var fw = fold(w);
        if (folded.indexOf(fw) >= 0) { return w; }
        var max = allowed(fw), best = null, bestD = max + 1;
        for (var i = 0; i < folded.length; i++) {
          if (folded[i] === fw) { continue; }
          var dd = distance(fw, folded[i], Math.min(max, bestD));
          /* of equals, a word as the texts write it before a label (ransomware, not Ransomware) */
          if (dd < bestD || (dd === bestD && best !== null && words[i] === folded[i] && best !== fold(best))) { bestD = dd; best = words[i]; }
        }
        if (best !== null && bestD <= max) { changed = true; return best; }
        return w;
      });
      if (!changed) { return null; }
      /* Suggested only if it finds something. */
      var better = parts.join(" ");
      return search(parse(better)).then(function (found) { return Object.keys(found).length ? better : null; });
    });
  }
  /* Term pages whose labels are close to the words: shown when nothing matches. */
  function showRelated(q) {
    var related = relatedTerms(q);
    if (!related.length) { return; }
    var p = text("p", "related-terms", S.related_terms + ": ");
    related.forEach(function (r, i) {
      if (i) { p.appendChild(document.createTextNode(" · ")); }
      var a = document.createElement("a");
      a.href = root + termUrl.replace("{facet}", r.facet.name).replace("{code}", r.term.code);
      a.textContent = r.term.label;
      p.appendChild(a);
    });
    wayout.appendChild(p);
    wayout.hidden = false;
  }
  /* The line that says which words the results are of, when they are not the reader's. */
  function showCorrection(better, n) {
    var p = text("p", "did-you-mean", (n ? S.showing_for : S.did_you_mean) + " ");
    var a = document.createElement("a");
    a.href = paramsOf(better, state.sel);
    a.textContent = better;
    a.addEventListener("click", function (e) { e.preventDefault(); input.value = better; state.q = better; update(); });
    p.appendChild(a);
    if (n) { p.appendChild(document.createTextNode(" (" + count(n) + ")")); }
    wayout.insertBefore(p, wayout.firstChild);
    wayout.hidden = false;
  }

  /* ---- One update: count, narrow, list ---- */

  function active() { return !!state.q.trim() || Object.keys(state.sel).length > 0; }

  /* When the results of a state are on the page: `casebook.done` (the benchmarks and the browser
     tests wait for it, and read how long the answer took in ms since the state was entered, and
     every case found, in order). */
  function done(gen, started) {
    if (gen === generation) {
      cb.done = { q: state.q.trim(), ms: performance.now() - started, at: performance.now(), ids: order.map(function (i) { return ids[i]; }) };
    }
  }

  /* `correction`: the words meant, when the reader's match nothing (a spelling of the index's
     words that does match): their results are listed, and the line above says so. */
  var shownQ = "";
  function update(correction) {
    var gen = ++generation;
    var started = correction ? correction.started : performance.now();
    if (!correction) { writeAddress(); }
    var q = correction ? correction.to : state.q.trim();
    var searching = q ? search(parse(q)) : Promise.resolve(null);
    return searching.then(function (scored) {
      if (gen !== generation) { return; }
      return verified(q, scored);
    }).then(function (scored) {
      if (gen !== generation) { return; }
      matched = null;
      ranks = {};
      if (scored) {
        var docs = Object.keys(scored).map(Number);
        matched = bitsOf(docs);
        ranks = scored;
      }
      shownQ = q;
      showCounts();
      var chosen = Object.keys(state.sel).length;
      activeEl.textContent = chosen ? "(" + chosen + ")" : "";
      list.textContent = "";
      wayout.textContent = "";
      wayout.hidden = true;
      order = [];
      shown = 0;
      if (!active()) {
        results.hidden = true;
        if (staticList) { staticList.hidden = false; }
        countEl.textContent = "";
        more.hidden = true;
        return;
      }
      results.hidden = false;
      if (staticList) { staticList.hidden = true; }
      order = members(bitsWith(state.sel, true, true, null));
      if (scored) {
        order.sort(function (a, b) {
          var ra = ranks[a], rb = ranks[b];
          return rb[0] - ra[0] || rb[1] - ra[1] || a - b;
        });
      }
      var n = order.length;
      countEl.textContent = correction ? S.no_match_for.replace("{q}", correction.from) :
        n ? (n === 1 ? S.found_one : S.found_n).replace("{n}", n) : S.no_results;
      if (correction) { showCorrection(q, n); }
      showPrintLink(n);
      if (!n) {
        var ways = waysOut();
        if (ways.length) {
          wayout.appendChild(text("p", null, S.ways_out));
          var ul = text("ul", "ways-out");
          ways.forEach(function (w) { ul.appendChild(wayLink(w)); });
          wayout.appendChild(ul);
          wayout.hidden = false;
        }
        more.hidden = true;
        if (!correction && q && (!matched || countOf(matched) === 0)) {
          return spelling(q).then(function (better) {
            if (gen !== generation) { return; }
            if (better) { return update({ from: q, to: better, started: started }); }
            showRelated(q);
          }, function () { showRelated(q); });
        }
        if (correction) { showRelated(correction.from); }
        return;
      }
      return showMore(false);
    }).then(function () { done(gen, started); }, function () { if (gen === generation) { failed(); } });
  }

  // "印刷用冊子にする": the selection booklet of exactly the cases found, in site order, named in
  // its address (so it works offline, and can be bookmarked); only for as many as a booklet holds.
  function showPrintLink(n) {
    printLink.hidden = !(printUrl && n > 0 && n <= printMax);
    if (printLink.hidden) { return; }
    var ids = order.slice().sort(function (a, b) { return a - b; })
      .map(function (i) { return data.meta.ids[i]; });
    var a = printLink.querySelector("a");
    a.href = root + printUrl + "?ids=" + ids.join(",");
    a.textContent = S.print_selection + " (" + (n === 1 ? S.cases_one : S.cases_n).replace("{n}", n) + ")";
  }

  /* ---- Wiring ---- */

  var timer = null;
  function typed() {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = input.value; update(); }, 180);
  }
  load("meta.js").then(function () {
    if (!data.meta) { failed(); return; }
    readMeta(data.meta);
    buildSelects();
    var legend = form.querySelector(".finder-legend");
    var presetLabels = Object.keys(preset).map(function (n) { return labelOf(n, preset[n]); });
    if (presetLabels.length) { legend.textContent = S.within_term.replace("{term}", presetLabels.join(" × ")); }
    readAddress();
    input.value = state.q;
    form.hidden = false;
    /* The choices are open on a wide screen; on a phone they fold away so the results show. */
    if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) { facetsBox.open = true; }
    input.addEventListener("input", function (e) { if (!e.isComposing) { typed(); } });
    input.addEventListener("compositionend", typed);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      state.q = input.value;
      update();
    });
    clear.addEventListener("click", function () {
      state.sel = {};
      state.q = "";
      input.value = "";
      update();
      input.focus();
    });
    more.addEventListener("click", function () { showMore(true); });
    window.addEventListener("popstate", function () { readAddress(); input.value = state.q; update(); });
    window.addEventListener("pageshow", function (e) {
      if (e.persisted) { readAddress(); input.value = state.q; update(); }
    });
    if (mode === "search" && !state.q) { input.focus(); }
    update();
  }, failed);
})();
