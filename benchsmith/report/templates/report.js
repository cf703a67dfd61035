/* Filters, paging and the review loop. No server: marks live in localStorage until saved as a file. */
(function () {
  "use strict";
  var PAGE = 25;
  var $ = function (id) { return document.getElementById(id); };
  var meta = JSON.parse($("run-meta").textContent);
  // Keyed by the dataset's hash: once a review is applied the report is new, and so are its marks.
  var storeKey = "benchsmith-review:" + meta.dataset_sha256;
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.card"));
  var filters = ["status", "type", "document", "strategy", "reason"].filter(function (name) { return $(name); });
  var searchable = new Map(cards.map(function (card) {
    return [card, card.querySelector(".qa").textContent.toLowerCase()];
  }));
  var limit = PAGE;
  var decisions = {};
  try { decisions = JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { decisions = {}; }
  var keptIds = new Set(cards.filter(function (c) { return c.dataset.status === "kept"; }).map(function (c) { return c.dataset.id; }));
  Object.keys(decisions).forEach(function (id) { if (!keptIds.has(id)) delete decisions[id]; });

  function matches(card) {
    var words = $("search").value.toLowerCase().trim();
    if (words && searchable.get(card).indexOf(words) < 0) return false;
    return filters.every(function (name) {
      var wanted = $(name).value;
      if (!wanted) return true;
      if (name === "status" && wanted === "marked") return card.classList.contains("marked");
      return card.dataset[name] === wanted;
    });
  }

  function show() {
    var shown = 0, total = 0;
    cards.forEach(function (card) {
      var ok = matches(card);
      if (ok) total += 1;
      card.hidden = !(ok && shown < limit);
      if (!card.hidden) { shown += 1; toFirstMark(card); }
    });
    $("shown").textContent = shown + " of " + total + " shown";
    $("more").hidden = shown >= total;
    $("none").hidden = total > 0;
  }

  // A long chunk scrolls inside its box: bring the first cited span into view, once.
  function toFirstMark(card) {
    var chunk = card.querySelector(".chunk"), mark = chunk && chunk.querySelector("mark");
    if (!mark || chunk.dataset.scrolled) return;
    chunk.dataset.scrolled = "1";
    chunk.scrollTop = Math.max(0, mark.offsetTop - 40);
  }

  function reset() { limit = PAGE; show(); }
  $("search").addEventListener("input", reset);
  filters.forEach(function (name) { $(name).addEventListener("change", reset); });
  $("more").addEventListener("click", function () { limit += PAGE; show(); });
  // A reason in the funnel opens the rejected items that carry it.
  document.querySelectorAll("a.reason").forEach(function (link) {
    link.addEventListener("click", function () {
      if (!$("reason")) return;
      $("status").value = "rejected";
      $("reason").value = Array.prototype.some.call($("reason").options, function (o) { return o.value === link.dataset.reason; }) ? link.dataset.reason : "";
      reset();
    });
  });

  // --- review: one entry per marked item, {drop, note, answer_index | answer} ---
  function entry(card) {
    var q = function (selector) { return card.querySelector(selector); };
    var d = { drop: q(".drop").checked, note: q(".note").value.trim() };
    if (q(".fix") && q(".fix").value !== "" && q(".fix").value !== card.dataset.answerIndex) d.answer_index = Number(q(".fix").value);
    if (q(".fix-answer") && q(".fix-answer").value.trim()) d.answer = q(".fix-answer").value.trim();
    return d;
  }

  function paint(card) {
    var d = decisions[card.dataset.id];
    card.classList.toggle("marked", Boolean(d && d.drop));
    card.querySelectorAll("ol.options li").forEach(function (li) {
      li.classList.toggle("fixed", Boolean(d && !d.drop && d.answer_index === Number(li.dataset.index)));
    });
  }

  function count() {
    var values = Object.keys(decisions).map(function (id) { return decisions[id]; });
    var drops = values.filter(function (d) { return d.drop; }).length;
    var fixes = values.filter(function (d) { return !d.drop && (d.answer_index !== undefined || d.answer); }).length;
    $("review-count").textContent = drops || fixes ? drops + " to drop, " + fixes + " to fix" : "nothing marked";
    $("save").disabled = !(drops || fixes);
  }

  function record(card) {
    var d = entry(card);
    if (d.drop || d.answer_index !== undefined || d.answer) decisions[card.dataset.id] = d;
    else delete decisions[card.dataset.id];
    try { localStorage.setItem(storeKey, JSON.stringify(decisions)); } catch (e) { /* private mode: marks last for this page only */ }
    paint(card);
    count();
  }

  cards.filter(function (card) { return card.dataset.status === "kept"; }).forEach(function (card) {
    var d = decisions[card.dataset.id];
    if (d) {
      card.querySelector(".drop").checked = Boolean(d.drop);
      card.querySelector(".note").value = d.note || "";
      if (card.querySelector(".fix") && d.answer_index !== undefined) card.querySelector(".fix").value = String(d.answer_index);
      if (card.querySelector(".fix-answer") && d.answer) card.querySelector(".fix-answer").value = d.answer;
      paint(card);
    }
    card.querySelector(".review").addEventListener("input", function () { record(card); });
    card.querySelector(".review").addEventListener("change", function () { record(card); });
  });

  $("save").addEventListener("click", function () {
    var list = Object.keys(decisions).map(function (id) {
      var d = decisions[id], out = { id: id, action: d.drop ? "drop" : "fix" };
      if (d.note) out.note = d.note;
      if (!d.drop && d.answer_index !== undefined) out.answer_index = d.answer_index;
      if (!d.drop && d.answer) out.answer = d.answer;
      return out;
    });
    var file = { format: "benchsmith-review", version: 1, run: meta, saved_at: new Date().toISOString(), decisions: list };
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2) + "\n"], { type: "application/json" }));
    link.download = "review-decisions.json";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  });

  $("clear").addEventListener("click", function () {
    if (!window.confirm("Forget every mark made in this report?")) return;
    decisions = {};
    try { localStorage.removeItem(storeKey); } catch (e) { /* nothing stored */ }
    cards.forEach(function (card) {
      card.querySelectorAll(".review input").forEach(function (input) { if (input.type === "checkbox") input.checked = false; else input.value = ""; });
      if (card.querySelector(".fix")) card.querySelector(".fix").value = "";
      paint(card);
    });
    count();
  });

  count();
  show();
})();
