/* Follow-along timer: counts down each exercise, side, transition and rest
   between sets, and says what comes next; during a set it shows the set and
   the repetitions to do, since its time is only an estimate. Plain JavaScript; the page is complete without it. Every
   phrase comes worded from the page's data (backcare_kit.words); the script
   only tests the stable codes of a stretch's kind and side.
   A plan that changes over the weeks carries every stage with its first and
   last day: the timer runs the stage of the device's date (the first before
   the plan starts, the last after it ends, saying so), and the patient may
   choose another in the page's list of weeks. A phone may keep the page open
   for days, so the date is read again whenever a session is about to start.
   An illustrated exercise shows its figure moving from its start to its end pose (SVG's own animation, put into
   the page so it can be paused) only while its countdown runs; the page's CSS shows its still pictures instead
   when the device asks for reduced motion. The figure is hidden from screen readers: the words say it all.
   When a session runs to its end, the timer says so with a "sessionend" event on its section, for the session
   log (devicelog.js) to ask how it went: which stage was done, when it started, and whether every exercise was
   counted down (a skipped one means the patient may have done fewer). The section's data-stage names the stage
   on screen, for a session logged without the timer. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("timer-data").textContent);
  var stages = data.stages, words = data.words;
  var root = document.querySelector(".timer");
  if (!root || !stages.length) { return; }
  var el = function (name) { return root.querySelector(".timer-" + name); };
  var clock = el("clock"), exercise = el("exercise"), side = el("side"), reps = el("reps"), progress = el("progress");
  var live = el("announce"), startButton = el("start"), pauseButton = el("pause"), skipButton = el("skip");
  var choice = el("stage-select"), note = el("stage-note");  /* only when the plan has several stages */
  var today = datedStage(), stretches = stages[today.stage].stretches;
  var index = 0, remaining = stretches[0].seconds, endsAt = 0, ticker = null, finished = false, byHand = false;
  var figures = data.figures || {}, figureBox = el("figure"), motionBox = el("motion"), stillsBox = el("stills");
  var calm = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  var figureKey = null, motion = null, moving = false;
  var current = 0, startedAt = 0, skipped = false;  /* for the session log: this session's stage, start, skips */

  function fill(phrase, stage, day) { return phrase.replace("{weeks}", stage.weeks).replace("{date}", day); }

  /* The local date as YYYY-MM-DD, which orders as a string the way the days do. */
  function localDay() {
    var now = new Date(), two = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  /* Which stage today falls in, and what to say about it. */
  function datedStage() {
    var day = localDay(), first = stages[0], last = stages[stages.length - 1];
    if (day < first.first_day) { return {stage: 0, note: fill(words.before, first, first.starts)}; }
    if (day > last.last_day) { return {stage: stages.length - 1, note: fill(words.after, last, last.ends)}; }
    for (var n = 0; n < stages.length; n++) {
      if (stages[n].first_day <= day && day <= stages[n].last_day) {
        return {stage: n, note: fill(words.today, stages[n], "")};
      }
    }
    return {stage: 0, note: ""};  /* unreachable: the stages cover every day from the first to the last */
  }

  function choose(number) {
    stop();
    current = number;
    root.setAttribute("data-stage", String(number));
    startedAt = 0;
    skipped = false;
    stretches = stages[number].stretches;
    index = 0;
    remaining = stretches[0].seconds;
    finished = false;
    live.textContent = "";
    if (note) { note.textContent = number === today.stage ? today.note : fill(words.chosen, stages[number], ""); }
    if (choice) { choice.value = String(number); }
    show();
  }

  /* Before a session starts or after one ends (never paused in one), unless the patient chose other weeks:
     today's stage, which changes at midnight. */
  function followTheDate() {
    var between = finished || (index === 0 && remaining === stretches[0].seconds);
    if (ticker || !between || byHand) { return; }
    var now = datedStage();
    if (now.stage !== today.stage || now.note !== today.note) { today = now; choose(today.stage); }
  }

  function format(seconds) {
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  /* The exercise's figure, built when the exercise changes: its animation (paused) and copies of its pictures
     from the page, so the file carries each image once. */
  function showFigure(key) {
    if (!figureBox || key === figureKey) { return; }
    var figure = figures[key];
    figureKey = key;
    motion = null;
    moving = false;
    motionBox.textContent = "";
    stillsBox.textContent = "";
    figureBox.hidden = !figure;
    if (!figure) { return; }
    if (figure.motion) {
      var drawing = new DOMParser().parseFromString(figure.motion, "image/svg+xml").documentElement;
      motion = motionBox.appendChild(document.importNode(drawing, true));
      motion.setAttribute("focusable", "false");
      motion.pauseAnimations();
    }
    var article = figure.pictures ? document.getElementById(figure.pictures) : null;
    (article ? article.querySelectorAll(".picture") : []).forEach(function (picture) {
      stillsBox.appendChild(picture.cloneNode(true));  /* with its caption and alt, hidden from screen readers */
    });
    figureBox.classList.toggle("moves", Boolean(motion));
  }

  /* The figure moves while an exercise is counted down, unless the device asks for less motion. */
  function animate() {
    var move = Boolean(motion && ticker) && stretches[index].kind === "exercise" && !(calm && calm.matches);
    if (!motion || move === moving) { return; }
    moving = move;
    if (move) { motion.unpauseAnimations(); } else { motion.pauseAnimations(); }
  }

  function show() {
    var stretch = stretches[index];
    showFigure(stretch.figure || "");
    animate();
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
    if (motion) { motion.setCurrentTime(0); }  /* each side, and each exercise, starts from its start pose */
  }

  function tick() {
    remaining = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    if (remaining > 0) { show(); return; }
    if (index + 1 < stretches.length) { enter(index + 1); return; }
    var already = finished;  /* Skip pressed again after the end: the same session, told once */
    stop();
    finished = true;
    live.textContent = words.done;
    clock.textContent = format(0);
    if (!already) { ended(); }
  }

  /* Tell the session log a session ended; a session skipped through without Start counts from now. */
  function ended() {
    var detail = {stage: current, started: startedAt || Date.now(), whole: !skipped};
    startedAt = 0;
    root.dispatchEvent(new CustomEvent("sessionend", {bubbles: true, detail: detail}));
  }

  function stop() {
    clearInterval(ticker);
    ticker = null;
    startButton.disabled = false;
    pauseButton.disabled = true;
    animate();
  }

  startButton.addEventListener("click", function () {
    followTheDate();
    if (finished || !startedAt) { startedAt = Date.now(); skipped = false; }  /* a new session starts */
    if (finished) { finished = false; enter(0); } else if (!live.textContent) { live.textContent = announcement(stretches[index]); }
    endsAt = Date.now() + remaining * 1000;
    ticker = setInterval(tick, 250);
    animate();
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
    if (stretches[index].kind === "exercise") { skipped = true; }
    if (index + 1 < stretches.length) { enter(index + 1); } else { endsAt = Date.now(); tick(); }
  });

  if (choice) {
    choice.addEventListener("change", function () {
      var number = Number(choice.value);
      byHand = number !== today.stage;
      choose(number);
    });
  }
  if (calm && calm.addEventListener) { calm.addEventListener("change", animate); }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { followTheDate(); }
  });

  root.hidden = false;
  choose(today.stage);
})();
