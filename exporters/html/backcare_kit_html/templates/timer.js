/* Follow-along timer: counts down each exercise, side, transition and rest
   between sets, and says what comes next; during a set it shows the set and
   the repetitions to do, since its time is only an estimate. Plain JavaScript; the page is complete without it. Every
   phrase comes worded from the page's data (backcare_kit.words); the script
   only tests the stable codes of a stretch's kind and side. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("timer-data").textContent);
  var stretches = data.stretches, words = data.words;
  var root = document.querySelector(".timer");
  if (!root || !stretches.length) { return; }
  var el = function (name) { return root.querySelector(".timer-" + name); };
  var clock = el("clock"), exercise = el("exercise"), side = el("side"), reps = el("reps"), progress = el("progress");
  var live = el("announce"), startButton = el("start"), pauseButton = el("pause"), skipButton = el("skip");
  var index = 0, remaining = stretches[0].seconds, endsAt = 0, ticker = null, finished = false;

  function format(seconds) {
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function show() {
    var stretch = stretches[index];
    clock.textContent = format(remaining);
    exercise.textContent = stretch.label;
    side.textContent = stretch.side_words ? words.side + stretch.side_words : "";
    reps.textContent = stretch.reps;
    progress.textContent = words.part.replace("{number}", index + 1).replace("{count}", stretches.length);
  }

  function announcement(stretch) {
    if (stretch.kind !== "exercise") { return stretch.label; }  /* a transition or a rest: its label says so */
    if (stretch.side === "second") { return words["switch"] + " " + (stretch["switch"] || ""); }
    return words.start + stretch.label + (stretch.side === "first" ? words.first_side : "");
  }

  function enter(next) {
    index = next;
    remaining = stretches[index].seconds;
    endsAt = Date.now() + remaining * 1000;
    live.textContent = announcement(stretches[index]);
    show();
  }

  function tick() {
    remaining = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    if (remaining > 0) { show(); return; }
    if (index + 1 < stretches.length) { enter(index + 1); return; }
    stop();
    finished = true;
    live.textContent = words.done;
    clock.textContent = format(0);
  }

  function stop() {
    clearInterval(ticker);
    ticker = null;
    startButton.disabled = false;
    pauseButton.disabled = true;
  }

  startButton.addEventListener("click", function () {
    if (finished) { finished = false; enter(0); } else if (!live.textContent) { live.textContent = announcement(stretches[index]); }
    endsAt = Date.now() + remaining * 1000;
    ticker = setInterval(tick, 250);
    startButton.disabled = true;
    pauseButton.disabled = false;
    pauseButton.focus();
  });

  pauseButton.addEventListener("click", function () {
    remaining = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    stop();
    show();
    live.textContent = words.paused;
    startButton.focus();
  });

  skipButton.addEventListener("click", function () {
    if (index + 1 < stretches.length) { enter(index + 1); } else { endsAt = Date.now(); tick(); }
  });

  root.hidden = false;
  show();
})();
