/* Staff pages: a few enhancements over plain forms (everything also works without this file).
   - focus the error summary or conflict box when a form comes back with problems;
   - keep the audio states up to date until every sentence is made, and add its player;
   - the test call: post each key press, show and play what the caller hears;
   - a prompt's recording: record from the microphone (level meter, listen back, record again) into
     the upload form's file field. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  // -- audio states -------------------------------------------------------------------------------
  var FINAL = { ready: true, failed: true };

  function combine(states) {
    var order = ["failed", "missing", "pending"];
    for (var i = 0; i < order.length; i++) { if (states.indexOf(order[i]) >= 0) { return order[i]; } }
    return "ready";
  }

  function updateState(el, known) {
    var keys = el.getAttribute("data-clip-keys").split(" ");
    var states = keys.map(function (k) { return known[k] ? known[k].status : "pending"; });
    var status = combine(states);
    el.setAttribute("data-status", status);
    var text = el.querySelector(".state-text");
    text.className = "state-text state-" + status;
    text.textContent = el.getAttribute("data-label-" + status) || status;
    var first = known[keys[0]];
    if (status === "ready" && first && first.url && !el.querySelector("audio")) {
      var player = document.createElement("audio");
      player.controls = true;
      player.preload = "none";
      player.src = first.url;
      player.setAttribute("aria-label", el.getAttribute("data-play-label") || "");
      el.appendChild(player);
    }
  }

  function updateSummaries() {
    document.querySelectorAll("[data-progress]").forEach(function (box) {
      var states = Array.prototype.map.call(box.querySelectorAll(".audio-state"), function (el) { return el.getAttribute("data-status"); });
      var summary = box.querySelector("[data-progress-summary]");
      if (!summary) { return; }
      var readyCount = states.filter(function (s) { return s === "ready"; }).length;
      var done = states.every(function (s) { return FINAL[s]; });
      var allReady = done && states.every(function (s) { return s === "ready"; });
      summary.textContent = allReady
        ? summary.getAttribute("data-done")
        : summary.getAttribute("data-template").replace("{ready}", readyCount).replace("{total}", states.length);
      var wait = box.querySelector("[data-progress-wait]");
      if (wait && allReady) { wait.hidden = true; }
    });
  }

  function pollAudio() {
    var known = {};
    var started = Date.now();
    function open() {
      return Array.prototype.filter.call(document.querySelectorAll(".audio-state"), function (el) {
        return !FINAL[el.getAttribute("data-status")] && el.getAttribute("data-status") !== "missing";
      });
    }
    function tick() {
      var waiting = open();
      if (!waiting.length || Date.now() - started > 15 * 60 * 1000) { return; }
      var keys = {};
      waiting.forEach(function (el) { el.getAttribute("data-clip-keys").split(" ").forEach(function (k) { keys[k] = true; }); });
      fetch(document.body.getAttribute("data-audio-status"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
        body: JSON.stringify({ keys: Object.keys(keys) })
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (data && data.states) {
          Object.keys(data.states).forEach(function (k) { known[k] = data.states[k]; });
          waiting.forEach(function (el) { updateState(el, known); });
          updateSummaries();
        }
        window.setTimeout(tick, 1000);
      }).catch(function () { window.setTimeout(tick, 3000); });
    }
    if (open().length) { window.setTimeout(tick, 500); }
  }

  // -- the test call ------------------------------------------------------------------------------
  function testCall(form) {
    var transcript = document.getElementById("transcript");
    var stepUrl = form.getAttribute("data-step-url");
    var log = window.staffTestCall = { played: [], spoken: [], turns: 0 };
    var queue = [], current = null, generation = 0;

    function stop() {
      generation++;
      queue = [];
      if (current && current.pause) { current.pause(); }
      current = null;
      if (window.speechSynthesis) { window.speechSynthesis.cancel(); }
      transcript.querySelectorAll(".playing").forEach(function (li) { li.classList.remove("playing"); });
    }

    function next(gen) {
      if (gen !== generation) { return; }
      var item = queue.shift();
      if (!item) { current = null; return; }
      item.li.classList.add("playing");
      var done = function () { item.li.classList.remove("playing"); next(gen); };
      if (item.audio) {
        current = item.audio;
        item.audio.onended = done;
        item.audio.onerror = done;
        item.audio.onplaying = function () { log.played.push(item.audio.getAttribute("src")); };
        var played = item.audio.play();
        if (played && played.catch) { played.catch(done); }
      } else if (window.speechSynthesis && window.SpeechSynthesisUtterance) {
        var u = new SpeechSynthesisUtterance(item.text);
        u.lang = item.lang || document.documentElement.lang;
        u.onend = done; u.onerror = done;
        log.spoken.push(item.text);
        window.speechSynthesis.speak(u);
      } else {
        log.spoken.push(item.text);
        window.setTimeout(done, 300);
      }
    }

    function el(tag, attrs, text) {
      var node = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      if (text !== undefined) { node.textContent = text; }
      return node;
    }

    function render(turn) {
      var li = el("li", { "class": "turn" });
      var h = el("h3", {}, turn.did + " ");
      h.appendChild(el("span", { "class": "hint" }, "(" + turn.at + ")"));
      li.appendChild(h);
      var ul = el("ul", { "class": "heard" });
      var items = [];
      turn.heard.forEach(function (heard) {
        var item = el("li");
        var q = el("q", heard.lang ? { lang: heard.lang.slice(0, 2) } : {}, heard.text);
        item.appendChild(q);
        item.appendChild(document.createTextNode(" "));
        var audio = null;
        if (heard.url) {
          audio = el("audio", { controls: "", preload: "auto", src: heard.url });
          item.appendChild(audio);
          if (heard.note) { item.appendChild(el("span", { "class": "hint" }, " (" + heard.note + ")")); }
        } else {
          item.appendChild(el("span", { "class": "hint" }, "(" + heard.note + ")"));
        }
        ul.appendChild(item);
        items.push({ li: item, audio: audio, text: heard.text, lang: heard.lang });
      });
      li.appendChild(ul);
      turn.notes.forEach(function (note) { li.appendChild(el("p", { "class": "note" }, note)); });
      transcript.appendChild(li);
      return items;
    }

    function setControls(turn) {
      form.elements.gather_url.value = turn.gather_url || "";
      form.elements.redirect_url.value = turn.redirect_url || "";
      form.elements.dial_url.value = turn.dial ? turn.dial.url : "";
      form.querySelectorAll("button.key, #say").forEach(function (b) { b.disabled = !turn.gather_url; });
      document.getElementById("no-answer").disabled = !turn.redirect_url;
      document.getElementById("dial-ends").hidden = !turn.dial;
    }

    function urlFor(submitter) {
      var name = submitter ? submitter.name : "";
      if (name === "start") { return stepUrl; }
      if (name === "digits" || name === "say") { return form.elements.gather_url.value; }
      if (name === "dial_status") { return form.elements.dial_url.value; }
      return form.elements.redirect_url.value;
    }

    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      var url = urlFor(submitter);
      if (!url) { return; }  // let the page handle it without the script
      event.preventDefault();
      stop();
      var data = new FormData(form, submitter);
      if (submitter && submitter.name === "start") { transcript.textContent = ""; }
      fetch(url, { method: "POST", body: data, credentials: "same-origin",
                   headers: { "X-CSRF-Token": csrf, "Accept": "application/json" } })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (answer) {
          if (!answer.ok) {
            var problems = answer.body.problems || { form: answer.body.error || "error" };
            var li = el("li", { "class": "turn error", role: "alert" }, Object.keys(problems).map(function (k) { return problems[k]; }).join(" "));
            transcript.appendChild(li);
            return;
          }
          var gen = generation;
          var last = null;
          answer.body.turns.forEach(function (turn, index) {
            var items = render(turn);
            last = turn;
            if (index === answer.body.turns.length - 1) { queue = queue.concat(items); }
          });
          log.turns += answer.body.turns.length;
          if (last) { setControls(last); }
          var start = document.getElementById("start-call");
          start.textContent = start.getAttribute("data-again") || start.textContent;
          next(gen);
        });
    });

    // Typing a phone key while on the keypad presses it.
    form.addEventListener("keydown", function (event) {
      var tag = event.target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.altKey || event.ctrlKey || event.metaKey) { return; }
      var button = form.querySelector('button.key[data-key="' + event.key + '"]');
      if (button && !button.disabled) { event.preventDefault(); button.focus(); button.click(); }
    });
  }


  // -- recording a prompt in the browser ----------------------------------------------------------
  function recorder(form) {
    var box = form.querySelector(".recorder");
    var input = form.querySelector('input[type="file"]');
    if (!box || !input || !window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) { return; }
    function label(name) { return form.getAttribute("data-label-" + name) || name; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "record";
    button.textContent = label("start");
    var meterLabel = document.createElement("label");
    meterLabel.textContent = label("level");
    var meter = document.createElement("meter");
    meter.id = "recorder-level";
    meter.min = 0; meter.max = 1; meter.value = 0;
    meterLabel.htmlFor = meter.id;
    var player = document.createElement("audio");
    player.controls = true;
    player.hidden = true;
    player.setAttribute("aria-label", label("listen"));
    var note = document.createElement("p");
    note.setAttribute("role", "status");
    box.append(button, meterLabel, meter, player, note);
    box.hidden = false;
    var media = null, stream = null, context = null, chunks = [];

    function level(analyser) {
      var samples = new Float32Array(analyser.fftSize);
      (function tick() {
        if (!media || media.state !== "recording") { meter.value = 0; return; }
        analyser.getFloatTimeDomainData(samples);
        var sum = 0;
        for (var i = 0; i < samples.length; i++) { sum += samples[i] * samples[i]; }
        meter.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
        window.requestAnimationFrame(tick);
      })();
    }

    function stop() {
      media.stop();
      stream.getTracks().forEach(function (track) { track.stop(); });
      if (context) { context.close(); }
      button.textContent = label("again");
    }

    function start() {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (got) {
        stream = got;
        chunks = [];
        media = new MediaRecorder(stream);
        media.addEventListener("dataavailable", function (event) { if (event.data.size) { chunks.push(event.data); } });
        media.addEventListener("stop", function () {
          var type = media.mimeType || "audio/webm";
          var blob = new Blob(chunks, { type: type });
          var files = new DataTransfer();
          files.items.add(new File([blob], "recording." + (type.indexOf("ogg") >= 0 ? "ogg" : "webm"), { type: type }));
          input.files = files.files;
          player.src = URL.createObjectURL(blob);
          player.hidden = false;
          form.setAttribute("data-recorded", "1");
        });
        context = new (window.AudioContext || window.webkitAudioContext)();
        var analyser = context.createAnalyser();
        context.createMediaStreamSource(stream).connect(analyser);
        media.start();
        button.textContent = label("stop");
        note.textContent = "";
        level(analyser);
      }).catch(function () { note.textContent = label("denied"); });
    }

    button.addEventListener("click", function () {
      if (media && media.state === "recording") { stop(); } else { start(); }
    });
  }

  ready(function () {
    var focus = document.querySelector("[data-focus-on-load]");
    if (focus) { focus.focus(); }
    // A link in the error summary takes the focus to its field, not just the view.
    document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (field) { event.preventDefault(); field.focus(); }
      });
    });
    pollAudio();
    var form = document.getElementById("test-call");
    if (form) { testCall(form); }
    document.querySelectorAll("form.recording-form").forEach(recorder);
  });
})();
