/* The session log, kept on the device: when a session ends (the timer ran to its end, or the patient pressed
   "I did my exercises"), the page asks for pain before and after (0 to 10, or none) and a note (and, after
   "I did my exercises", which day: a session done yesterday can be logged today), and keeps the
   entry in this browser's localStorage under the plan's id. Nothing leaves the page: "Save my log" builds the
   session log file (backcare_kit.sessionlog, version 1) here and hands it to the browser as a download.
   It shows the sessions done this week (the plan's weeks, from its first day, as backcare-kit review counts
   them) against those scheduled, and the past sessions, newest first. Plain JavaScript; every phrase comes
   from the page's log data (backcare_kit.words.LOG_WORDS). What a person typed is only ever set as text. */
(function () {
  "use strict";
  var source = document.getElementById("log-data"), root = document.querySelector(".devicelog");
  if (!source || !root) { return; }
  var data = JSON.parse(source.textContent), words = data.words;
  var KEY = "backcare_kit.log." + data.plan_id, VERSION = 1;
  var COLUMNS = ["plan_id", "date", "time", "parts_done", "parts_total", "pain_before", "pain_after", "note"];
  var part = function (name) { return root.querySelector(".log-" + name); };
  var form = part("form"), status = part("status"), week = part("week"), list = part("list"), none = part("none");
  var didButton = part("did"), partsBox = part("parts"), partsChoice = form.elements.parts_done;
  var dayBox = part("when"), dayChoice = form.elements.day;
  var DAYS_BACK = 6;  /* a week's sessions, today's included, can be logged late */
  var actions = part("actions"), confirmBox = part("confirm"), clearButton = part("clear");
  var store = openStore(), entries = [], pending = null;

  /* localStorage, or null where the browser refuses it (private modes, storage turned off, file:// in some
     browsers): reading the property itself can throw, and so can writing. */
  function openStore() {
    try {
      var storage = window.localStorage, probe = KEY + ".probe";
      storage.setItem(probe, "1");
      storage.removeItem(probe);
      return storage;
    } catch (error) {
      return null;
    }
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function isoDay(when) { return when.getFullYear() + "-" + two(when.getMonth() + 1) + "-" + two(when.getDate()); }
  function clockTime(when) { return two(when.getHours()) + ":" + two(when.getMinutes()); }

  /* Days since 1970 of an ISO date, counted in UTC so no clock change makes a day 23 or 25 hours. */
  function dayNumber(iso) {
    var parts = iso.split("-");
    return Date.UTC(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2])) / 86400000;
  }
  function weekOf(iso) { return Math.floor((dayNumber(iso) - dayNumber(data.start)) / 7); }
  function daysBefore(iso, n) {
    var parts = iso.split("-");
    return isoDay(new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]) - n));
  }

  /* The stage whose weeks hold the day, or -1 for a day outside the plan. */
  function stageOf(iso) {
    for (var n = 0; n < data.stages.length; n++) {
      if (data.stages[n].first_day <= iso && iso <= data.stages[n].last_day) { return n; }
    }
    return -1;
  }

  function fill(phrase, values) {
    return phrase.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? values[name] : whole; });
  }

  /* A stored entry the page can show and save: anything else (an older page's, a hand edit) is left out. */
  function valid(entry) {
    var score = function (value) { return value === null || (value === Math.floor(value) && value >= 0 && value <= 10); };
    return Boolean(entry) && /^\d{4}-\d\d-\d\d$/.test(entry.date) && /^\d\d:\d\d$/.test(entry.time)
      && entry.parts_total >= 1 && entry.parts_done >= 0 && entry.parts_done <= entry.parts_total
      && score(entry.pain_before) && score(entry.pain_after) && typeof entry.note === "string";
  }

  function load() {
    try {
      var kept = JSON.parse(store.getItem(KEY) || "null");
      return kept && kept.version === VERSION && Array.isArray(kept.entries) ? kept.entries.filter(valid) : [];
    } catch (error) {
      return [];
    }
  }

  function keep() {
    try {
      store.setItem(KEY, JSON.stringify({version: VERSION, plan_id: data.plan_id, entries: entries}));
      return true;
    } catch (error) {  /* full, or taken away since the page opened */
      noStorage();
      return false;
    }
  }

  function noStorage() {
    store = null;
    part("privacy").hidden = true;  /* it promises a log kept here, which this browser cannot keep */
    part("no-storage").hidden = false;
    part("kept").hidden = true;
  }

  function thisWeek() {
    var now = weekOf(isoDay(new Date()));
    var due = data.sessions.filter(function (day) { return weekOf(day) === now; }).length;
    var done = entries.filter(function (e) { return e.parts_done > 0 && weekOf(e.date) === now; }).length;
    return due ? fill(words.this_week, {done: done, due: due}) : fill(words.this_week_unscheduled, {done: done});
  }

  /* "Monday 2 March 2026", as the rest of the handout writes dates: the browser names the day and month, and
     the parts are put together here, since browsers differ on commas. The ISO date where it cannot. */
  function dateInWords(iso) {
    var parts = iso.split("-"), when = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
    try {
      var name = function (what) { var o = {}; o[what] = "long"; return when.toLocaleDateString("en-GB", o); };
      return name("weekday") + " " + when.getDate() + " " + name("month") + " " + when.getFullYear();
    } catch (error) {
      return iso;
    }
  }

  function score(value) { return value === null ? words.no_score : String(value); }

  function describe(entry) {
    return fill(words.entry, {
      date: dateInWords(entry.date), time: entry.time, done: entry.parts_done, total: entry.parts_total,
      before: score(entry.pain_before), after: score(entry.pain_after)
    });
  }

  function show() {
    week.textContent = thisWeek();
    list.textContent = "";
    entries.slice().reverse().forEach(function (entry) {
      var item = list.appendChild(document.createElement("li"));
      item.textContent = describe(entry);
      if (entry.note) {
        var note = item.appendChild(document.createElement("span"));
        note.className = "log-entry-note";
        note.textContent = entry.note;  /* typed by the patient: text, never markup */
      }
    });
    none.hidden = entries.length > 0;
    list.hidden = entries.length === 0;
    actions.hidden = entries.length === 0;
  }

  /* Tell what changed, in the live region; ``unseen`` is read out with it but not shown (it is on screen already). */
  function say(message, unseen) {
    status.textContent = message;
    if (unseen) {
      var extra = status.appendChild(document.createElement("span"));
      extra.className = "log-unseen";
      extra.textContent = " " + unseen;
    }
  }

  function partsOf(stage) {
    return data.stages[stage] ? data.stages[stage].parts_total : data.stages[0].parts_total;
  }

  /* The choice of exercises done, 0 to the session's number, set to all unless the patient says fewer. */
  function offerParts(total) {
    pending.total = total;
    partsChoice.textContent = "";
    for (var n = 0; n <= total; n++) {
      var option = partsChoice.appendChild(document.createElement("option"));
      option.value = option.textContent = String(n);
    }
    partsChoice.value = String(total);
  }

  /* Today, yesterday and the days before it, back a week but not before the plan's first day. */
  function offerDays(today) {
    dayChoice.textContent = "";
    for (var back = 0; back <= DAYS_BACK; back++) {
      var day = daysBefore(today, back);
      if (back > 0 && day < data.start) { break; }
      var option = dayChoice.appendChild(document.createElement("option"));
      option.value = day;
      option.textContent = back === 0 ? words.today : back === 1 ? words.yesterday : dateInWords(day);
    }
    dayChoice.value = today;
  }

  /* Ask how the session went. ``whole``: the timer counted down every exercise, so all were done. ``late``: the
     patient pressed "I did my exercises", perhaps for another day, which the form then asks. A form already
     open (the patient pressed "I did my exercises" while the timer ran) keeps what was typed, and the focus. */
  function ask(stage, started, whole, late) {
    var typing = !form.hidden;
    pending = {when: new Date(started), total: 0, stage: stage};
    if (!typing) { form.reset(); }
    offerParts(partsOf(stage));
    offerDays(isoDay(pending.when));
    dayBox.hidden = !late;
    partsBox.hidden = whole;
    form.hidden = false;
    didButton.hidden = true;
    confirmBox.hidden = true;
    if (!typing) {
      say("");
      form.querySelector("#log-ask").focus();
    }
  }

  function closeForm() {
    form.hidden = true;
    didButton.hidden = false;
    pending = null;
    didButton.focus();
  }

  function chosenScore(name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? Number(checked.value) : null;
  }

  /* Control characters other than line breaks and tabs have no place in a note, and a CSV reader refuses them. */
  function cleanNote(text) {
    return text.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, "").trim();
  }

  /* Another day chosen: its session was its own stage's, which may have another number of exercises. */
  function dayChosen() {
    var stage = dayChoice.value === isoDay(pending.when) ? pending.stage : stageOf(dayChoice.value);
    offerParts(partsOf(stage < 0 ? pending.stage : stage));
  }

  function add() {
    var entry = {
      date: dayBox.hidden ? isoDay(pending.when) : dayChoice.value,
      time: clockTime(pending.when),
      parts_done: Number(partsChoice.value),
      parts_total: pending.total,
      pain_before: chosenScore("pain_before"),
      pain_after: chosenScore("pain_after"),
      note: cleanNote(form.elements.note.value)
    };
    /* One entry per session (plan, date and time), as the review counts them: a second one in the same minute
       is the same session entered again, and replaces it. */
    entries = entries.filter(function (e) { return e.date !== entry.date || e.time !== entry.time; });
    entries.push(entry);
    entries.sort(function (a, b) { return (a.date + a.time) < (b.date + b.time) ? -1 : 1; });
    if (!keep()) { return; }
    closeForm();
    show();
    say(words.saved, thisWeek());
  }

  /* One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, its quotes doubled. Text that a
     spreadsheet would run as a formula (starting =, +, -, @, tab or return) gets a ' in front, so it stays text. */
  function field(value) {
    var text = value === null ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv() {
    var rows = [COLUMNS].concat(entries.map(function (e) {
      return [data.plan_id, e.date, e.time, e.parts_done, e.parts_total, e.pain_before, e.pain_after, e.note];
    }));
    /* A byte-order mark and CRLF line ends, as Excel writes CSV: Excel then opens a note's accents right. */
    return "\uFEFF" + rows.map(function (row) { return row.map(field).join(","); }).join("\r\n") + "\r\n";
  }

  /* The file is made here and saved through a blob: URL with the link's download attribute: a download, not a
     request, so the page's policy (default-src 'none') has nothing to refuse. */
  function download() {
    var url = URL.createObjectURL(new Blob([csv()], {type: "text/csv;charset=utf-8"}));
    var link = document.createElement("a");
    link.href = url;
    link.download = fill(words.file_name, {date: isoDay(new Date())});
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);  /* later: some browsers read it after click */
  }

  function askToClear() {
    confirmBox.hidden = false;
    part("clear-no").focus();  /* the safe answer first */
  }

  function clearLog(yes) {
    confirmBox.hidden = true;
    if (!yes) { clearButton.focus(); return; }
    try {
      store.removeItem(KEY);
    } catch (error) {
      noStorage();
      return;
    }
    entries = [];
    show();
    say(words.cleared);
    didButton.focus();
  }

  function stageOnScreen() {
    var timer = document.querySelector(".timer");
    var stage = timer ? Number(timer.getAttribute("data-stage")) : 0;
    return data.stages[stage] ? stage : 0;
  }

  root.hidden = false;
  if (!store) { noStorage(); return; }
  entries = load();
  show();

  document.addEventListener("sessionend", function (event) {
    if (store) { ask(event.detail.stage, event.detail.started, event.detail.whole, false); }
  });
  didButton.addEventListener("click", function () { ask(stageOnScreen(), Date.now(), false, true); });
  dayChoice.addEventListener("change", dayChosen);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (pending && store) { add(); }
  });
  part("cancel").addEventListener("click", closeForm);
  form.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeForm(); }
  });
  part("download").addEventListener("click", download);
  clearButton.addEventListener("click", askToClear);
  part("clear-yes").addEventListener("click", function () { clearLog(true); });
  part("clear-no").addEventListener("click", function () { clearLog(false); });
  confirmBox.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clearLog(false); }
  });
  /* Another tab of the same handout changed the log; or the page was left open into a new week. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY && store) { entries = load(); show(); }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && store) { week.textContent = thisWeek(); }
  });
})();
