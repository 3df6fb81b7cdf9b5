// schema-auditor HTML report. Every string from the data is put into the page with textContent or
// createTextNode, never as markup: object names come from databases and files and may hold HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("audit-data").textContent);
  var F = data.findings;
  var RANK = { error: 2, warning: 1, info: 0 };
  var DOCS = data.docs || {};
  var TREND = data.trend || null;
  var diagramAt = null; // set by the diagram: table key -> a function that shows its neighbourhood
  var NEW = Object.create(null);
  if (TREND) TREND.new.forEach(function (fp) { NEW[fp] = true; });
  var GROUP_PAGE = 30;      // groups rendered at a time
  var FINDING_PAGE = 25;    // findings per object before "show more"
  var OBJECT_PAGE = 50;     // objects per group before "show more"
  var OPEN_ALL_BELOW = 200; // a short result is shown fully expanded
  var OPEN_FIRST = 10;      // else only the first groups start open

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function loc(l) {
    if (!l) return "";
    var s = l.file;
    if (l.line !== null && l.line !== undefined) {
      s += ":" + l.line;
      if (l.column !== null && l.column !== undefined) s += ":" + l.column;
    }
    return s;
  }

  // --- filters -------------------------------------------------------------------------------
  var controls = {
    level: document.getElementById("f-level"),
    kind: document.getElementById("f-kind"),
    category: document.getElementById("f-category"),
    attribution: document.getElementById("f-attribution"),
    suppressed: document.getElementById("f-suppressed"),
    q: document.getElementById("f-q"),
    fresh: document.getElementById("f-new"), // only with a trend: findings new since the last run
  };
  function fillSelect(sel, values) {
    values.forEach(function (v) {
      var o = el("option", null, v);
      o.value = v;
      sel.appendChild(o);
    });
  }
  function distinct(key) {
    var seen = Object.create(null), out = [];
    for (var i = 0; i < F.length; i++) {
      var v = F[i][key] || "";
      if (v && !seen[v]) { seen[v] = true; out.push(v); }
    }
    return out.sort();
  }
  fillSelect(controls.kind, distinct("kind"));
  fillSelect(controls.category, distinct("category"));
  fillSelect(controls.attribution, distinct("attribution"));

  // Lower-cased search text, built on first search only (opening the page stays cheap).
  var hay = null;
  function haystack(i) {
    var f = F[i];
    return [f.code, f.object, f.message, f.expected || "", f.actual || "", f.rule_name || "",
      f.help || "", f.attribution || "", f.kind || "", f.category, f.fix_sql || "", loc(f.location),
      f.provenance.map(loc).join(" ")].join("\n").toLowerCase();
  }

  function matches(i, st) {
    var f = F[i];
    if (f.suppressed !== null && !st.suppressed) return false;
    if (st.level && RANK[f.level] < RANK[st.level]) return false;
    if (st.kind && f.kind !== st.kind) return false;
    if (st.category && f.category !== st.category) return false;
    if (st.attribution && f.attribution !== st.attribution) return false;
    if (st.fresh && !NEW[f.fingerprint]) return false;
    if (st.terms.length) {
      if (hay === null) { hay = new Array(F.length); }
      if (hay[i] === undefined) hay[i] = haystack(i);
      for (var t = 0; t < st.terms.length; t++) if (hay[i].indexOf(st.terms[t]) < 0) return false;
    }
    return true;
  }

  // --- a small word diff: highlights what differs between expected and actual ---------------
  function tokens(s) { return s.match(/\s+|[A-Za-z0-9_$]+|[^\sA-Za-z0-9_$]/g) || []; }
  function diff(a, b) {
    var A = tokens(a), B = tokens(b);
    var p = 0;
    while (p < A.length && p < B.length && A[p] === B[p]) p++;
    var sa = A.length, sb = B.length;
    while (sa > p && sb > p && A[sa - 1] === B[sb - 1]) { sa--; sb--; }
    var midA = A.slice(p, sa), midB = B.slice(p, sb);
    var keepA = new Array(midA.length), keepB = new Array(midB.length);
    if (midA.length * midB.length <= 40000) {
      // LCS over the differing middle marks the tokens both sides still share.
      var n = midA.length, m = midB.length, L = [];
      for (var i = 0; i <= n; i++) L.push(new Uint16Array(m + 1));
      for (i = n - 1; i >= 0; i--) for (var j = m - 1; j >= 0; j--)
        L[i][j] = midA[i] === midB[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
      i = 0; j = 0;
      while (i < n && j < m) {
        if (midA[i] === midB[j]) { keepA[i++] = true; keepB[j++] = true; }
        else if (L[i + 1][j] >= L[i][j + 1]) i++; else j++;
      }
    }
    function segs(all, keep) {
      var out = [], k;
      for (k = 0; k < p; k++) out.push([false, all[k]]);
      for (k = 0; k < keep.length; k++) out.push([!keep[k] && !/^\s+$/.test(all[p + k]), all[p + k]]);
      for (k = p + keep.length; k < all.length; k++) out.push([false, all[k]]);
      // Space between two changed words is part of the change: one highlight, not a dotted line.
      for (k = 1; k + 1 < out.length; k++)
        if (!out[k][0] && out[k - 1][0] && out[k + 1][0] && /^\s+$/.test(out[k][1])) out[k][0] = true;
      return out;
    }
    return [segs(A, keepA), segs(B, keepB)];
  }
  function diffPre(segs) {
    var pre = el("pre");
    var buf = "", cur = false;
    function flush() {
      if (!buf) return;
      pre.appendChild(cur ? el("mark", null, buf) : document.createTextNode(buf));
      buf = "";
    }
    segs.forEach(function (s) { if (s[0] !== cur) { flush(); cur = s[0]; } buf += s[1]; });
    flush();
    return pre;
  }
  function side(cls, label, text, segs) {
    var d = el("div", cls);
    d.appendChild(el("div", "label", label));
    if (text === null || text === undefined) {
      var pre = el("pre");
      pre.appendChild(el("span", "none", "(none)"));
      d.appendChild(pre);
    } else {
      d.appendChild(segs ? diffPre(segs) : el("pre", null, text));
    }
    return d;
  }

  // --- rendering ----------------------------------------------------------------------------
  function copyText(text, button) {
    function done(ok) {
      button.textContent = ok ? "Copied" : "Select and copy";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback()); });
    } else done(fallback());
    function fallback() {
      var pre = button.parentNode.querySelector("pre");
      var r = document.createRange();
      r.selectNodeContents(pre);
      var s = window.getSelection();
      s.removeAllRanges();
      s.addRange(r);
      try { return document.execCommand("copy"); } catch (e) { return false; }
    }
  }

  function causeFix(idx) {
    var lead = idx[0];
    idx.forEach(function (i) { if (F[i].category === "drift" && F[lead].category !== "drift") lead = i; });
    var sql = F[lead].fix_sql;
    idx.forEach(function (i) { if (!sql && F[i].fix_sql) sql = F[i].fix_sql; });
    return { sql: sql, lead: lead };
  }
  function fixBlock(cls, label, sql, destructive) {
    var fix = el("div", "fix " + cls + (destructive ? " destructive" : ""));
    var bar = el("div", "fix-bar");
    bar.appendChild(el("span", "label", label));
    if (destructive) bar.appendChild(el("span", "badge warn", "destroys data: " + destructive));
    var b = el("button", "copy", "Copy");
    b.type = "button";
    b.addEventListener("click", function () { copyText(sql, b); });
    bar.appendChild(b);
    fix.appendChild(bar);
    fix.appendChild(el("pre", null, sql));
    return fix;
  }

  // One card per cause: findings on one object whose fixes share a statement (f.cause, computed by
  // the report) are one card with every code, each message and one fix.
  function causeCard(idx) {
    var lead = idx[0];
    idx.forEach(function (i) { if (F[i].category === "drift" && F[lead].category !== "drift") lead = i; });
    var f = F[lead];
    var level = "info", gating = false, suppressed = true;
    idx.forEach(function (i) {
      if (RANK[F[i].level] > RANK[level]) level = F[i].level;
      if (data.gating[i]) gating = true;
      if (F[i].suppressed === null) suppressed = false;
    });
    var card = el("article", "finding " + level + (suppressed ? " suppressed" : ""));
    card.id = "f-" + f.fingerprint;
    card.setAttribute("data-fingerprint", f.fingerprint);
    card.setAttribute("data-codes", idx.map(function (i) { return F[i].code; }).join(" "));
    var head = el("div", "head");
    head.appendChild(el("span", "badge " + level, level));
    idx.forEach(function (i) {
      var c = el("code", "code", F[i].code);
      if (DOCS[F[i].code]) {
        var a = el("a", "doc-link");
        a.href = "#doc-" + F[i].code;
        a.title = DOCS[F[i].code].summary || "rule documentation";
        a.appendChild(c);
        c = a;
      }
      head.appendChild(c);
      if (F[i].rule_name) head.appendChild(el("span", null, F[i].rule_name));
    });
    var cats = [];
    idx.forEach(function (i) { if (cats.indexOf(F[i].category) < 0) cats.push(F[i].category); });
    cats.forEach(function (c) { head.appendChild(el("span", "badge", c)); });
    if (f.kind) head.appendChild(el("span", "badge", f.kind));
    if (f.attribution) head.appendChild(el("span", "badge", f.attribution));
    if (gating) head.appendChild(el("span", "badge gate", "fails the run"));
    if (idx.length > 1) head.appendChild(el("span", "badge cause", idx.length + " findings, one cause"));
    if (TREND && idx.some(function (i) { return NEW[F[i].fingerprint]; })) head.appendChild(el("span", "badge new", "new"));
    if (f.suppressed !== null) head.appendChild(el("span", "badge", "suppressed: " + f.suppressed));
    var rel = /^table:/.test(data.groups[lead]) ? data.groups[lead].slice(6) : null;
    var show = rel && diagramAt ? diagramAt(rel) : null;
    if (show) {
      var db = el("button", "d-link", "diagram");
      db.type = "button";
      db.title = "show " + rel + " and its neighbours in the schema diagram";
      db.addEventListener("click", show);
      head.appendChild(db);
    }
    var link = el("a", "permalink", "#");
    link.href = "#f-" + f.fingerprint;
    link.title = "link to this finding";
    head.appendChild(link);
    card.appendChild(head);
    idx.forEach(function (i) {
      var p = el("p", "message");
      if (idx.length > 1) { p.appendChild(el("code", null, F[i].code)); p.appendChild(document.createTextNode(" ")); }
      p.appendChild(document.createTextNode(F[i].message));
      card.appendChild(p);
    });
    if (f.expected !== null || f.actual !== null) {
      var segs = f.expected !== null && f.actual !== null ? diff(f.expected, f.actual) : [null, null];
      var grid = el("div", "diff");
      grid.appendChild(side("exp", "expected", f.expected, segs[0]));
      grid.appendChild(side("act", "actual", f.actual, segs[1]));
      card.appendChild(grid);
    }
    if (f.extra && f.extra.body_diff) {
      var bd = el("details", "body-diff");
      bd.open = true;
      bd.appendChild(el("summary", null, "body, line by line"));
      var pre = el("pre");
      f.extra.body_diff.split("\n").forEach(function (line, n) {
        var cls = /^\+(?!\+\+)/.test(line) ? "add" : /^-(?!--)/.test(line) ? "del" : null;
        pre.appendChild(cls ? el("span", cls, line) : document.createTextNode(line));
        pre.appendChild(document.createTextNode("\n"));
      });
      bd.appendChild(pre);
      card.appendChild(bd);
    }
    if (f.changes.length) card.appendChild(el("div", "meta", "changed: " + f.changes.join(", ")));
    var helps = [];
    idx.forEach(function (i) { if (F[i].help && helps.indexOf(F[i].help) < 0) helps.push(F[i].help); });
    helps.forEach(function (h) { card.appendChild(el("p", "meta", h)); });
    var where = [];
    if (f.location) where.push("at " + loc(f.location));
    if (f.provenance.length) {
      // provenance is [created, change, change, ...]: name the creation and the latest change
      var prov = "created in " + loc(f.provenance[0]);
      var n = f.provenance.length - 1;
      if (n > 0) prov += " · last changed in " + loc(f.provenance[n]) + (n > 1 ? " (" + n + " changes)" : "");
      where.push(prov);
    }
    if (where.length) card.appendChild(el("div", "meta mono", where.join(" · ")));
    var cf = causeFix(idx), fixSql = cf.sql;
    var extra = f.extra || {};
    var destroys = (F[cf.lead].extra || {}).destructive;
    if (fixSql) card.appendChild(fixBlock("revert", f.category === "drift" ? "revert live" : "fix", fixSql, destroys));
    if (extra.keep_sql) card.appendChild(fixBlock("keep", "keep it: as a migration (schema-auditor fix --object '" + f.object + "')", extra.keep_sql, extra.keep_destructive));
    if (TREND && TREND.since[f.fingerprint]) card.appendChild(el("div", "meta since", "there since " + TREND.since[f.fingerprint]));
    card.appendChild(el("div", "meta mono", "fingerprint " + idx.map(function (i) { return F[i].fingerprint; }).join(", ")));
    return card;
  }

  function renderObject(container, name, idx) {
    var sec = el("section", "object");
    sec.appendChild(el("h3", "mono", name));
    container.appendChild(sec);
    var byCause = new Map();
    idx.forEach(function (i) {
      var c = F[i].cause || F[i].fingerprint;
      if (!byCause.has(c)) byCause.set(c, []);
      byCause.get(c).push(i);
    });
    var causes = Array.from(byCause.values());
    var shown = 0;
    function more() {
      var end = Math.min(causes.length, shown + FINDING_PAGE);
      for (; shown < end; shown++) sec.insertBefore(causeCard(causes[shown]), btn);
      if (shown >= causes.length) btn.remove();
      else btn.textContent = "Show " + Math.min(FINDING_PAGE, causes.length - shown) + " more of " + (causes.length - shown);
    }
    var btn = el("button", "more");
    btn.type = "button";
    btn.addEventListener("click", more);
    sec.appendChild(btn);
    more();
  }

  function renderGroupBody(details, idx) {
    var body = el("div", "group-body");
    // Drift and rule findings on the same object are listed together under that object.
    var byObject = new Map();
    idx.forEach(function (i) {
      var o = F[i].object;
      if (!byObject.has(o)) byObject.set(o, []);
      byObject.get(o).push(i);
    });
    // A table with thousands of flagged columns must not build them all at once either.
    var objects = Array.from(byObject.entries()), done = 0;
    var btn = el("button", "more");
    btn.type = "button";
    function more() {
      var end = Math.min(objects.length, done + OBJECT_PAGE);
      for (; done < end; done++) {
        var holder = document.createDocumentFragment();
        renderObject(holder, objects[done][0], objects[done][1]);
        body.insertBefore(holder, btn);
      }
      if (done >= objects.length) btn.remove();
      else btn.textContent = "Show " + Math.min(OBJECT_PAGE, objects.length - done) + " more objects of " + (objects.length - done);
    }
    btn.addEventListener("click", more);
    body.appendChild(btn);
    more();
    details.appendChild(body);
  }

  function groupElement(g, open) {
    var details = el("details", "group");
    var summary = el("summary");
    summary.appendChild(el("span", "name mono", g.name));
    var counts = { error: 0, warning: 0, info: 0 }, gating = 0;
    g.idx.forEach(function (i) { counts[F[i].level]++; if (data.gating[i]) gating++; });
    ["error", "warning", "info"].forEach(function (lv) {
      if (counts[lv]) summary.appendChild(el("span", "badge " + lv, counts[lv] + " " + lv));
    });
    if (gating) summary.appendChild(el("span", "badge gate", gating + " fail the run"));
    details.appendChild(summary);
    var built = false;
    function build() { if (!built) { built = true; renderGroupBody(details, g.idx); } }
    // A collapsed group costs one <summary>: its findings are built when it is opened.
    details.addEventListener("toggle", function () { if (details.open) build(); });
    if (open) { details.open = true; build(); }
    return details;
  }

  var list = document.getElementById("groups");
  var shownLabel = document.getElementById("shown");
  var current = [];
  var rendered = 0;
  var moreGroups = document.getElementById("more-groups");

  function renderMoreGroups() {
    var total = current.reduce(function (n, g) { return n + g.idx.length; }, 0);
    var openAll = total <= OPEN_ALL_BELOW;
    var end = Math.min(current.length, rendered + GROUP_PAGE);
    var frag = document.createDocumentFragment();
    for (; rendered < end; rendered++) frag.appendChild(groupElement(current[rendered], openAll || rendered < OPEN_FIRST));
    list.appendChild(frag);
    moreGroups.hidden = rendered >= current.length;
    moreGroups.textContent = "Show more (" + (current.length - rendered) + " more objects)";
  }

  function state() {
    var q = controls.q.value.trim().toLowerCase();
    return {
      level: controls.level.value, kind: controls.kind.value, category: controls.category.value,
      attribution: controls.attribution.value, suppressed: controls.suppressed.checked,
      fresh: !!(controls.fresh && controls.fresh.checked), terms: q ? q.split(/\s+/) : [],
    };
  }

  function apply() {
    var t0 = performance.now();
    var st = state();
    var groups = new Map(), n = 0;
    for (var i = 0; i < F.length; i++) {
      if (!matches(i, st)) continue;
      n++;
      var key = data.groups[i];
      var g = groups.get(key);
      if (!g) { g = { name: key, idx: [], gate: 0, rank: 0 }; groups.set(key, g); }
      g.idx.push(i);
      if (data.gating[i]) g.gate = 1;
      if (RANK[F[i].level] > g.rank) g.rank = RANK[F[i].level];
    }
    current = Array.from(groups.values()).sort(function (a, b) {
      return (b.gate - a.gate) || (b.rank - a.rank) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    list.replaceChildren();
    rendered = 0;
    renderMoreGroups();
    shownLabel.replaceChildren();
    // Counted as the terminal and the summary count: suppressed findings apart.
    var active = 0, suppressed = 0, causeSeen = Object.create(null), nCauses = 0;
    for (i = 0; i < F.length; i++) if (F[i].suppressed === null) active++; else suppressed++;
    current.forEach(function (g) {
      g.idx.forEach(function (j) {
        var c = F[j].cause || F[j].fingerprint;
        if (!causeSeen[c]) { causeSeen[c] = true; nCauses++; }
      });
    });
    var total = st.suppressed ? F.length : active;
    if (!active && !(st.suppressed && suppressed)) {
      var clean = el("span", "clean-note",
        "No findings" + (suppressed ? " (" + suppressed + " suppressed: tick \u201cshow suppressed\u201d to see them)" : "") +
        ": " + document.querySelector("#verdict strong").textContent.toUpperCase() + ", as the verdict above says.");
      clean.id = "shown-count";
      shownLabel.appendChild(clean);
    } else {
      var count = el("b", null, n);
      count.id = "shown-count";
      shownLabel.appendChild(document.createTextNode("Showing "));
      shownLabel.appendChild(count);
      shownLabel.appendChild(document.createTextNode(
        " of " + total + " findings" + (suppressed && !st.suppressed ? " (" + suppressed + " suppressed, hidden)" : "") +
        ", " + nCauses + (nCauses === 1 ? " cause" : " causes") + " on " + current.length +
        (current.length === 1 ? " object" : " objects") + (n ? "" : ": nothing matches the filters")));
    }
    document.body.setAttribute("data-filter-ms", String(Math.round(performance.now() - t0)));
    writeHash();
  }

  // --- copy every shown fix: destructive ones only when confirmed -----------------------------
  var copyAll = document.getElementById("copy-all"), withDestructive = document.getElementById("f-destructive");
  var copyStatus = document.getElementById("copy-all-status");
  function allFixes() {
    var out = [], skipped = 0, seen = Object.create(null);
    current.forEach(function (g) {
      var byCause = new Map();
      g.idx.forEach(function (i) {
        var c = F[i].cause || F[i].fingerprint;
        if (!byCause.has(c)) byCause.set(c, []);
        byCause.get(c).push(i);
      });
      byCause.forEach(function (idx) {
        var cf = causeFix(idx);
        if (!cf.sql || seen[cf.sql]) return;
        seen[cf.sql] = true;
        if ((F[cf.lead].extra || {}).destructive && !withDestructive.checked) { skipped++; return; }
        out.push("-- " + F[cf.lead].code + " " + F[cf.lead].object + "\n" + cf.sql);
      });
    });
    return { text: out.join("\n\n") + (out.length ? "\n" : ""), n: out.length, skipped: skipped };
  }
  copyAll.addEventListener("click", function () {
    var all = allFixes();
    copyAll.setAttribute("data-text", all.text);
    copyStatus.textContent = all.n + " fixes copied" + (all.skipped ? "; " + all.skipped +
      " that destroy data left out (tick \u201cinclude destructive\u201d to copy them)" : "");
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(all.text).catch(function () {});
  });

  // --- the filter state in the URL: a link opens the same view --------------------------------
  function writeHash() {
    var st = state(), parts = [];
    ["level", "kind", "category", "attribution"].forEach(function (k) { if (st[k]) parts.push(k + "=" + encodeURIComponent(st[k])); });
    if (st.suppressed) parts.push("suppressed=1");
    if (st.fresh) parts.push("new=1");
    if (controls.q.value.trim()) parts.push("q=" + encodeURIComponent(controls.q.value.trim()));
    var h = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== h && !/^#(f|doc)-/.test(location.hash)) history.replaceState(null, "", h || location.pathname + location.search);
  }
  function readHash() {
    var h = location.hash.replace(/^#/, "");
    if (!h || /^(f|doc)-/.test(h)) return;
    h.split("&").forEach(function (kv) {
      var i = kv.indexOf("="), k = kv.slice(0, i), v = decodeURIComponent(kv.slice(i + 1));
      if (k === "suppressed") controls.suppressed.checked = v === "1";
      else if (k === "new") { if (controls.fresh) controls.fresh.checked = v === "1"; }
      else if (k === "q") controls.q.value = v;
      else if (controls[k] && controls[k].tagName === "SELECT") controls[k].value = v;
    });
  }
  function showAnchor() {
    var m = /^#f-([0-9a-f]{32})$/.exec(location.hash);
    if (/^#doc-/.test(location.hash)) { var d = document.getElementById(location.hash.slice(1)); if (d) d.scrollIntoView(); return; }
    if (!m) return;
    for (var i = 0; i < F.length; i++) if ((F[i].cause || F[i].fingerprint) === m[1] || F[i].fingerprint === m[1]) break;
    if (i === F.length) return;
    if (F[i].suppressed !== null && !controls.suppressed.checked) { controls.suppressed.checked = true; apply(); }
    var name = data.groups[i];
    while (rendered < current.length && !current.slice(0, rendered).some(function (g) { return g.name === name; })) renderMoreGroups();
    list.querySelectorAll("details.group").forEach(function (d) {
      if (d.querySelector("summary .name").textContent === name && !d.open) d.open = true;
    });
    var target = document.getElementById("f-" + (F[i].cause || F[i].fingerprint));
    if (target) target.scrollIntoView();
  }
  window.addEventListener("hashchange", function () { if (/^#(f|doc)-/.test(location.hash)) showAnchor(); else { readHash(); apply(); } });

  var timer = null;
  controls.q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 120); // one filter per pause in typing, not per keystroke
  });
  ["level", "kind", "category", "attribution", "suppressed", "fresh"].forEach(function (k) {
    if (controls[k]) controls[k].addEventListener("change", apply);
  });
  moreGroups.addEventListener("click", renderMoreGroups);
  document.getElementById("f-reset").addEventListener("click", function () {
    controls.level.value = ""; controls.kind.value = ""; controls.category.value = "";
    controls.attribution.value = ""; controls.suppressed.checked = false; controls.q.value = "";
    if (controls.fresh) controls.fresh.checked = false;
    apply();
  });
  // Printing shows everything the filters show, every group open, every card built.
  window.addEventListener("beforeprint", function () {
    while (rendered < current.length) renderMoreGroups();
    list.querySelectorAll("details.group").forEach(function (d) { d.open = true; });
    list.querySelectorAll("button.more").forEach(function (b) { for (var k = 0; k < 1000 && b.isConnected; k++) b.click(); });
  });
  // The rules' documentation, embedded: each code on a card links here.
  (function () {
    var codes = Object.keys(DOCS).sort();
    if (!codes.length) return;
    var box = document.getElementById("rule-docs");
    // The docs are written in reStructuredText: ``x`` is code. Text nodes and <code> only.
    function literals(node, text) {
      String(text).split(/``(.+?)``/).forEach(function (part, k) {
        node.appendChild(k % 2 ? el("code", null, part) : document.createTextNode(part));
      });
      return node;
    }
    box.appendChild(el("h2", null, "Rule documentation"));
    codes.forEach(function (code) {
      var d = DOCS[code], sec = el("section", "rule-doc");
      sec.id = "doc-" + code;
      sec.appendChild(el("h3", "mono", code + " " + (d.name || "")));
      if (d.summary) sec.appendChild(literals(el("p"), d.summary));
      if (d.description) sec.appendChild(literals(el("pre", "doc"), d.description));
      if (d.uri) sec.appendChild(el("div", "meta mono", d.uri));
      box.appendChild(sec);
    });
    box.hidden = false;
  })();
  // --- the schema diagram --------------------------------------------------------------------
  // Overview: every table a tile, grouped by schema, tables joined by foreign keys side by side
  // (a walk along them), drifted and flagged ones coloured: no force layout, a few paths, so 5,000
  // tables paint at once. Detail: a table's neighbourhood (1 or 2 hops), laid out in layers on
  // demand (referenced tables to the right), at most MAX_NODES tables. Names are text nodes only.
  (function () {
    var D = data.diagram, box = document.getElementById("diagram");
    if (!D || !box) return;
    var t0 = performance.now();
    var NS = "http://www.w3.org/2000/svg";
    var T = D.t, E = D.e, N = T.length;
    var KIND = ["table", "view", "materialized view", "partitioned table", "foreign table"];
    var FLAG = ["", "other findings", "drift"];
    var MAX_NODES = 40, CELL = 10, TILE = 8, NODE_W = 230, LAYER_GAP = 90, COL_LINES = 8;
    var canvas = document.getElementById("d-canvas"), status = document.getElementById("d-status");
    var results = document.getElementById("d-results"), q = document.getElementById("d-q");
    var depthSel = document.getElementById("d-depth"), hoverLabel = document.getElementById("d-hover");
    function S(tag, attrs, text) {
      var e = document.createElementNS(NS, tag);
      for (var k in attrs) e.setAttribute(k, attrs[k]);
      if (text !== undefined) e.textContent = String(text);
      return e;
    }
    function name(i) { return D.schemas[T[i][0]] + "." + T[i][1]; }
    function cls(i) { return T[i][3] === 2 ? "drift" : T[i][3] === 1 ? "flag" : T[i][2] === 0 || T[i][2] === 3 ? "plain" : "view"; }
    var outE = [], inE = [];
    for (var i = 0; i < N; i++) { outE.push([]); inE.push([]); }
    E.forEach(function (e, k) { outE[e[0]].push(k); inE[e[1]].push(k); });
    function neighbours(v) {
      return outE[v].map(function (k) { return E[k][1]; }).concat(inE[v].map(function (k) { return E[k][0]; }));
    }

    // --- overview layout: shelves of schema blocks -------------------------------------------
    var members = D.schemas.map(function () { return []; });
    var seen = new Uint8Array(N);
    for (i = 0; i < N; i++) {
      if (seen[i]) continue;
      var queue = [i]; seen[i] = 1;
      for (var h = 0; h < queue.length; h++) {
        var v = queue[h];
        members[T[v][0]].push(v);
        neighbours(v).forEach(function (w) { if (!seen[w] && T[w][0] === T[v][0]) { seen[w] = 1; queue.push(w); } });
      }
    }
    var blocks = [], area = 0, widest = 0;
    members.forEach(function (list, s) {
      if (!list.length) return;
      var cols = Math.max(6, Math.ceil(Math.sqrt(list.length * 2)));
      var b = { s: s, list: list, cols: cols, w: cols * CELL, h: Math.ceil(list.length / cols) * CELL + 22 };
      b.flagged = list.filter(function (j) { return T[j][3] > 0; }).length;
      blocks.push(b); area += b.w * b.h; widest = Math.max(widest, b.w);
    });
    blocks.sort(function (a, b) { return b.h - a.h; });
    // shelves as wide as the canvas's shape asks: a phone's tall canvas gets a taller overview
    box.hidden = false;
    var cr = canvas.getBoundingClientRect(), aspect = cr.width && cr.height ? cr.width / cr.height : 1.6;
    var W = Math.max(widest, Math.ceil(Math.sqrt(area * aspect * 1.15))), x = 0, y = 0, shelf = 0, GAP = 18;
    blocks.forEach(function (b) {
      if (x > 0 && x + b.w > W) { x = 0; y += shelf + GAP; shelf = 0; }
      b.x = x; b.y = y; x += b.w + GAP; shelf = Math.max(shelf, b.h);
    });
    var pos = new Float64Array(N * 2);
    blocks.forEach(function (b) {
      b.list.forEach(function (j, n) {
        pos[2 * j] = b.x + (n % b.cols) * CELL;
        pos[2 * j + 1] = b.y + 22 + Math.floor(n / b.cols) * CELL;
      });
    });
    var bounds = { w: Math.max(W, 100), h: y + shelf };

    // --- one SVG, its viewBox panned and zoomed ------------------------------------------------
    var root = S("svg", { "class": "d-svg", role: "img", "aria-label": "schema diagram" });
    var defs = S("defs");
    var marker = S("marker", { id: "d-arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" });
    marker.appendChild(S("path", { d: "M0,0 L10,5 L0,10 z", "class": "d-arrowhead" }));
    defs.appendChild(marker);
    root.appendChild(defs);
    var layer = S("g");
    root.appendChild(layer);
    canvas.appendChild(root);
    var vb = { x: 0, y: 0, w: 100, h: 100 }, mode = "overview", center = -1, fitBox = null;
    function setVB() { root.setAttribute("viewBox", vb.x + " " + vb.y + " " + vb.w + " " + vb.h); }
    function fit(b) {
      fitBox = b;
      var r = canvas.getBoundingClientRect(), aspect = r.width && r.height ? r.width / r.height : 1.6;
      // never blown up: a schema of two tables is drawn at the scale of a larger one
      var w = Math.max(b.w + 40, mode === "overview" ? 480 : 900), h = b.h + 40;
      if (w / h < aspect) w = h * aspect; else h = w / aspect;
      vb = { x: b.x - (w - b.w) / 2, y: b.y - (h - b.h) / 2, w: w, h: h };
      setVB();
    }
    function zoom(f, cx, cy) {
      if (cx === undefined) { cx = vb.x + vb.w / 2; cy = vb.y + vb.h / 2; }
      var w = Math.min(Math.max(vb.w * f, 20), Math.max(bounds.w, bounds.h, 2000) * 4);
      f = w / vb.w;
      vb = { x: cx - (cx - vb.x) * f, y: cy - (cy - vb.y) * f, w: w, h: vb.h * f };
      setVB();
    }
    function toSvg(ev) {
      var m = root.getScreenCTM();
      if (!m) return { x: 0, y: 0 };
      var p = root.createSVGPoint(); p.x = ev.clientX; p.y = ev.clientY;
      p = p.matrixTransform(m.inverse());
      return { x: p.x, y: p.y };
    }
    root.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var p = toSvg(ev);
      zoom(ev.deltaY > 0 ? 1.2 : 1 / 1.2, p.x, p.y);
    }, { passive: false });
    // One pointer drags the view; two (a pinch on a phone) zoom it around their midpoint.
    var drag = null, pinch = null, pointers = Object.create(null);
    function count() { return Object.keys(pointers).length; }
    function spread() {
      var p = Object.keys(pointers).map(function (k) { return pointers[k]; });
      return { d: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y) || 1, x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 };
    }
    root.addEventListener("pointerdown", function (ev) {
      pointers[ev.pointerId] = { x: ev.clientX, y: ev.clientY };
      try { root.setPointerCapture(ev.pointerId); } catch (e) { /* a pointer the page did not see start */ }
      if (count() === 2) {
        var s = spread();
        pinch = { d: s.d, vb: { x: vb.x, y: vb.y, w: vb.w, h: vb.h }, at: toSvg({ clientX: s.x, clientY: s.y }) };
        if (drag) drag.moved = true; // a pinch is never a click
        return;
      }
      // the target now: with the pointer captured, the release's target is the svg itself
      drag = { x: ev.clientX, y: ev.clientY, vb: { x: vb.x, y: vb.y, w: vb.w, h: vb.h }, moved: false, target: ev.target };
    });
    root.addEventListener("pointermove", function (ev) {
      if (pointers[ev.pointerId]) pointers[ev.pointerId] = { x: ev.clientX, y: ev.clientY };
      if (pinch && count() === 2) {
        var f = pinch.d / spread().d, w = Math.min(Math.max(pinch.vb.w * f, 20), Math.max(bounds.w, bounds.h, 2000) * 4);
        f = w / pinch.vb.w;
        vb = { x: pinch.at.x - (pinch.at.x - pinch.vb.x) * f, y: pinch.at.y - (pinch.at.y - pinch.vb.y) * f, w: w, h: pinch.vb.h * f };
        setVB();
        return;
      }
      if (!drag) { if (mode === "overview") hover(ev); return; }
      var r = root.getBoundingClientRect(), k = Math.max(drag.vb.w / r.width, drag.vb.h / r.height);
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
      if (drag.moved) { vb.x = drag.vb.x - dx * k; vb.y = drag.vb.y - dy * k; setVB(); }
    });
    function release(ev) {
      delete pointers[ev.pointerId];
      if (pinch) { if (count() < 2) pinch = null; drag = null; return; }
      var d = drag; drag = null;
      if (d && !d.moved && ev.type === "pointerup") click(ev, d.target);
    }
    root.addEventListener("pointerup", release);
    root.addEventListener("pointercancel", release);
    document.getElementById("d-zoom-in").addEventListener("click", function () { zoom(1 / 1.5); });
    document.getElementById("d-zoom-out").addEventListener("click", function () { zoom(1.5); });
    document.getElementById("d-fit").addEventListener("click", function () { if (fitBox) fit(fitBox); });
    document.getElementById("d-overview").addEventListener("click", overview);
    depthSel.addEventListener("change", function () { if (center >= 0) detail(center); });

    function tileAt(p) {
      for (var b = 0; b < blocks.length; b++) {
        var B = blocks[b], cx = Math.floor((p.x - B.x) / CELL), cy = Math.floor((p.y - B.y - 22) / CELL);
        if (cx < 0 || cx >= B.cols || cy < 0) continue;
        var n = cy * B.cols + cx;
        if (n < B.list.length && p.x - B.x - cx * CELL < TILE + 1 && p.y - B.y - 22 - cy * CELL < TILE + 1) return B.list[n];
      }
      return -1;
    }
    function describe(j) { return name(j) + " (" + KIND[T[j][2]] + (T[j][3] ? ", " + FLAG[T[j][3]] : "") + ")"; }
    function hover(ev) {
      var j = tileAt(toSvg(ev));
      root.classList.toggle("d-on-tile", j >= 0);
      // in a label over the canvas: a status line that changed height would move the tiles
      hoverLabel.textContent = j >= 0 ? describe(j) + ": click for its neighbourhood" : "";
      hoverLabel.hidden = j < 0;
    }
    function click(ev, target) {
      if (mode === "overview") { var j = tileAt(toSvg(ev)); if (j >= 0) detail(j); return; }
      var g = target && target.closest ? target.closest("g.d-node") : null;
      if (g) detail(Number(g.getAttribute("data-i")));
    }

    var matchPath = null, selected = [];
    function tilesPath(list) {
      var d = [];
      list.forEach(function (j) { d.push("M" + pos[2 * j] + " " + pos[2 * j + 1] + "h" + TILE + "v" + TILE + "h-" + TILE + "z"); });
      return d.join("");
    }
    function overview() {
      var t = performance.now();
      mode = "overview"; center = -1;
      layer.replaceChildren();
      root.setAttribute("data-view", "overview");
      root.removeAttribute("data-center");
      var byCls = { plain: [], view: [], flag: [], drift: [] };
      for (var j = 0; j < N; j++) byCls[cls(j)].push(j);
      blocks.forEach(function (b) {
        layer.appendChild(S("rect", { "class": "d-block", x: b.x - 4, y: b.y, width: b.w + 6, height: b.h + 4, rx: 4 }));
        var label = D.schemas[b.s] + " · " + b.list.length + (b.list.length === 1 ? " table" : " tables") + (b.flagged ? " · " + b.flagged + " with findings" : "");
        layer.appendChild(S("text", { "class": "d-block-label", x: b.x, y: b.y + 15 }, label));
      });
      ["plain", "view", "flag", "drift"].forEach(function (c) {
        if (byCls[c].length) layer.appendChild(S("path", { "class": "d-tiles " + c, d: tilesPath(byCls[c]) }));
      });
      matchPath = S("path", { "class": "d-tiles match", d: tilesPath(selected) });
      layer.appendChild(matchPath);
      fit({ x: 0, y: 0, w: bounds.w, h: bounds.h });
      status.textContent = N + " relations in " + blocks.length + (blocks.length === 1 ? " schema" : " schemas") + ", " + E.length +
        " foreign keys, as " + D.source + " has them; " + byCls.drift.length + " with drift, " + byCls.flag.length + " with other findings. Click a tile for its neighbourhood.";
      document.body.setAttribute("data-diagram-ms", String(Math.round(performance.now() - t)));
    }

    // --- detail: a neighbourhood in layers ------------------------------------------------------
    // c < 0: every table at once (a schema small enough to lay out whole: the first view then)
    function detail(c) {
      var t = performance.now(), whole = c < 0;
      mode = "detail"; center = c; hoverLabel.hidden = true;
      var depth = whole ? N : Number(depthSel.value) || 1;
      var L = Object.create(null), dist = Object.create(null), nodes = [], hidden = Object.create(null), nHidden = 0;
      function grow(from) {
        for (var h = from; h < nodes.length; h++) {
          var v = nodes[h];
          if (dist[v] >= depth) continue;
          var step = function (w, dl) {
            if (w in L) return;
            if (nodes.length >= MAX_NODES) { if (!hidden[w]) { hidden[w] = true; nHidden++; } return; }
            L[w] = L[v] + dl; dist[w] = dist[v] + 1; nodes.push(w);
          };
          outE[v].forEach(function (k) { step(E[k][1], 1); });
          inE[v].forEach(function (k) { step(E[k][0], -1); });
        }
      }
      for (var s0 = whole ? 0 : c; s0 < (whole ? N : c + 1); s0++) {
        if (s0 in L) continue;
        L[s0] = 0; dist[s0] = 0; nodes.push(s0);
        grow(nodes.length - 1);
      }
      var layers = Object.create(null), minL = 0, maxL = 0;
      nodes.forEach(function (n) { (layers[L[n]] = layers[L[n]] || []).push(n); minL = Math.min(minL, L[n]); maxL = Math.max(maxL, L[n]); });
      var order = Object.create(null);
      function number() { for (var l = minL; l <= maxL; l++) (layers[l] || []).forEach(function (n, k) { order[n] = k; }); }
      number();
      // barycentre sweeps: each table near the tables it is joined to in the next layer
      function sweep(l, ref) {
        var list = layers[l];
        if (!list || !layers[ref]) return;
        var bc = Object.create(null);
        list.forEach(function (n) {
          var s = 0, k = 0;
          neighbours(n).forEach(function (w) { if (L[w] === ref && w in order) { s += order[w]; k++; } });
          bc[n] = k ? s / k : order[n];
        });
        list.sort(function (a, b) { return bc[a] - bc[b]; });
        list.forEach(function (n, k) { order[n] = k; });
      }
      for (var it = 0; it < 3; it++) {
        for (var l = minL + 1; l <= maxL; l++) sweep(l, l - 1);
        for (l = maxL - 1; l >= minL; l--) sweep(l, l + 1);
      }
      var P = Object.create(null), top = 0, bottom = 0;
      for (l = minL; l <= maxL; l++) {
        var list = layers[l] || [], heights = list.map(function (n) { return nodeHeight(n); });
        var total = heights.reduce(function (a, b) { return a + b; }, 0) + 24 * Math.max(0, list.length - 1);
        var yy = -total / 2;
        list.forEach(function (n, k) { P[n] = { x: (l - minL) * (NODE_W + LAYER_GAP), y: yy, h: heights[k] }; yy += heights[k] + 24; });
        top = Math.min(top, -total / 2); bottom = Math.max(bottom, total / 2);
      }
      layer.replaceChildren();
      root.setAttribute("data-view", whole ? "all" : "detail");
      if (whole) root.removeAttribute("data-center"); else root.setAttribute("data-center", name(c));
      var nEdges = 0;
      nodes.forEach(function (s) {
        outE[s].forEach(function (k) {
          var tgt = E[k][1];
          if (!(tgt in P)) return;
          nEdges++;
          var a = P[s], b = P[tgt], d;
          if (tgt === s) {
            d = "M" + (a.x + NODE_W) + " " + (a.y + 8) + "c40 -30 40 40 0 18";
          } else if (L[tgt] > L[s]) {
            d = curve(a.x + NODE_W, a.y + 11, b.x, b.y + 11);
          } else if (L[tgt] < L[s]) {
            d = curve(a.x, a.y + 11, b.x + NODE_W, b.y + 11);
          } else {
            var xr = a.x + NODE_W, off = 40 + Math.abs(b.y - a.y) / 6;
            d = "M" + xr + " " + (a.y + 11) + "C" + (xr + off) + " " + (a.y + 11) + "," + (xr + off) + " " + (b.y + 11) + "," + xr + " " + (b.y + 11);
          }
          var path = S("path", { "class": "d-edge", d: d, "marker-end": "url(#d-arrow)" });
          path.appendChild(S("title", {}, E[k][2] + ": " + name(s) + " \u2192 " + name(tgt)));
          layer.appendChild(path);
        });
      });
      nodes.forEach(function (n) {
        var p = P[n], g = S("g", { "class": "d-node " + cls(n) + (n === c ? " center" : ""), "data-i": n, transform: "translate(" + p.x + "," + p.y + ")" });
        g.appendChild(S("rect", { "class": "d-box", width: NODE_W, height: p.h, rx: 5 }));
        g.appendChild(S("rect", { "class": "d-head", width: NODE_W, height: 22, rx: 5 }));
        g.appendChild(S("text", { "class": "d-name", x: 8, y: 15 }, clip(name(n), 30)));
        colLines(n).forEach(function (line, k) { g.appendChild(S("text", { "class": "d-col", x: 8, y: 37 + 15 * k }, clip(line, 34))); });
        g.appendChild(S("title", {}, describe(n)));
        layer.appendChild(g);
      });
      fit({ x: -10, y: top - 10, w: (maxL - minL) * (NODE_W + LAYER_GAP) + NODE_W + 80, h: bottom - top + 20 });
      status.replaceChildren();
      var nDrift = 0, nFlag = 0;
      nodes.forEach(function (n) { if (cls(n) === "drift") nDrift++; else if (cls(n) === "flag") nFlag++; });
      status.appendChild(document.createTextNode((whole ? "Every table, as " + D.source + " has them (" + nDrift + " with drift, " + nFlag +
        " with other findings); click one for its neighbourhood" : describe(c) + ", " + (depth === 1 ? "1 hop" : depth + " hops")) + ": " + nodes.length +
        (nodes.length === 1 ? " table, " : " tables, ") + nEdges + (nEdges === 1 ? " foreign key" : " foreign keys") +
        (nHidden ? "; " + nHidden + " more beyond " + MAX_NODES + " tables (pick one to go there)" : "") + ". Referenced tables are on the right. "));
      if (!whole && T[c][3]) {
        var b = el("button", "d-show", "Show its findings");
        b.type = "button";
        b.addEventListener("click", function () {
          controls.q.value = name(c);
          apply();
          document.getElementById("app").scrollIntoView();
        });
        status.appendChild(b);
      }
      document.body.setAttribute("data-neighbourhood-ms", String(Math.round(performance.now() - t)));
    }
    function curve(x1, y1, x2, y2) {
      var dx = Math.max(30, Math.abs(x2 - x1) / 2) * (x2 >= x1 ? 1 : -1);
      return "M" + x1 + " " + y1 + "C" + (x1 + dx) + " " + y1 + "," + (x2 - dx) + " " + y2 + "," + x2 + " " + y2;
    }
    function colLines(n) {
      var lines = T[n][4] ? T[n][4].split("\n") : [];
      if (lines.length > COL_LINES) lines = lines.slice(0, COL_LINES - 1).concat(["+" + (lines.length - COL_LINES + 1) + " more"]);
      return lines;
    }
    function nodeHeight(n) { return 28 + 15 * colLines(n).length; }
    function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }

    // --- search and the list of tables with findings ----------------------------------------------
    var lower = null;
    function find(text) {
      if (!lower) { lower = new Array(N); for (var j = 0; j < N; j++) lower[j] = name(j).toLowerCase(); }
      var t = text.trim().toLowerCase(), out = [];
      if (!t) return out;
      for (var j = 0; j < N; j++) if (lower[j].indexOf(t) >= 0) out.push(j);
      return out;
    }
    function pick(j) {
      return function () { results.hidden = true; detail(j); canvas.scrollIntoView({ block: "nearest" }); };
    }
    var searchTimer = null;
    q.addEventListener("input", function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () {
        var found = find(q.value);
        selected = found;
        if (matchPath) matchPath.setAttribute("d", tilesPath(found));
        results.replaceChildren();
        results.hidden = !q.value.trim();
        results.appendChild(el("div", "meta", found.length + (found.length === 1 ? " table matches" : " tables match") + (found.length > 20 ? "; the first 20:" : "")));
        found.slice(0, 20).forEach(function (j) {
          var b = el("button", "d-hit " + cls(j), name(j));
          b.type = "button";
          b.addEventListener("click", pick(j));
          results.appendChild(b);
        });
      }, 120);
    });
    q.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") return;
      var found = find(q.value);
      if (found.length) pick(found[0])();
    });
    var flagged = [];
    for (i = 0; i < N; i++) if (T[i][3]) flagged.push(i);
    flagged.sort(function (a, b) { return (T[b][3] - T[a][3]) || (name(a) < name(b) ? -1 : 1); });
    var fl = document.getElementById("d-flagged");
    flagged.slice(0, 300).forEach(function (j) {
      var li = el("li"), b = el("button", "d-hit " + cls(j), name(j));
      b.type = "button";
      b.addEventListener("click", pick(j));
      li.appendChild(b);
      li.appendChild(el("span", "meta", " " + FLAG[T[j][3]]));
      fl.appendChild(li);
    });
    if (flagged.length > 300) fl.appendChild(el("li", "meta", "and " + (flagged.length - 300) + " more: find them with the search box"));
    (D.absent || []).forEach(function (a) {
      fl.appendChild(el("li", "meta", a[0] + ": " + FLAG[a[1]] + ", not in " + D.source + "'s catalog (missing there)"));
    });
    if (!flagged.length && !(D.absent || []).length) fl.appendChild(el("li", "meta", "none"));
    var byName = Object.create(null);
    for (i = 0; i < N; i++) byName[name(i)] = i;
    diagramAt = function (key) {
      var j = byName[key];
      if (j === undefined) return null;
      return function () { detail(j); document.getElementById("diagram-title").scrollIntoView(); };
    };
    box.hidden = false;
    if (N > 1 && N <= MAX_NODES) detail(-1); else overview();  // a small schema is drawn whole at once
    document.body.setAttribute("data-diagram-total-ms", String(Math.round(performance.now() - t0)));
  })();

  document.getElementById("app").hidden = false;
  readHash();
  apply();
  showAnchor();
  document.body.setAttribute("data-ready", "1");
})();
