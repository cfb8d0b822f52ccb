"use strict";
(() => {
  const list = document.getElementById("routine");
  const player = document.getElementById("player");
  if (!list || !player) return;
  const $ = (id) => document.getElementById(id);
  const steps = Array.from(list.children);
  const last = steps.length - 1;
  const [clock, toggle, prev, next, sound, progress, bar, announce] = [
    "clock", "toggle", "prev", "next", "sound", "progress", "progress-bar", "announce",
  ].map($);
  const title = document.title;
  const KEY = "unknot.routine.sound";

  let at = 0;
  // The routine runs from Start until Pause or the end. Each exercise's timer keeps its
  // deadline rather than counting ticks, since a background tab's intervals are throttled; the
  // clock is redrawn on a tick, and the move to the next exercise waits for the deadline itself.
  let running = false;
  let left = 0;
  let endsAt = null;
  let ticker = null;
  let ender = null;

  const length = (i) => Math.max(0, Number(steps[i].dataset.seconds) || 0) * 1000;
  const remaining = () => (endsAt === null ? left : Math.max(0, endsAt - performance.now()));
  const format = (ms) => {
    const s = Math.ceil(ms / 1000);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  };

  // The sound: off unless switched on. The AudioContext is made only once it is on, and only
  // in answer to a key or a click, as browsers allow; the choice is kept where the browser
  // lets a local page keep it.
  let soundOn = false;
  let audio = null;
  try {
    soundOn = localStorage.getItem(KEY) === "on";
  } catch (e) {
    soundOn = false;
  }
  sound.checked = soundOn;
  const wake = () => {
    if (soundOn && audio === null && typeof AudioContext === "function") {
      try {
        audio = new AudioContext();
      } catch (e) {
        // No sound to be had here; the routine goes on silently.
        audio = null;
      }
    }
    if (audio !== null && audio.state === "suspended") audio.resume().catch(() => {});
  };
  const chime = () => {
    if (!soundOn || audio === null) return;
    const t = audio.currentTime;
    const tone = audio.createOscillator();
    const level = audio.createGain();
    tone.type = "sine";
    tone.frequency.value = 587;
    level.gain.setValueAtTime(0.0001, t);
    level.gain.exponentialRampToValueAtTime(0.12, t + 0.04);
    level.gain.exponentialRampToValueAtTime(0.0001, t + 0.7);
    tone.connect(level).connect(audio.destination);
    tone.start(t);
    tone.stop(t + 0.75);
  };

  const halt = () => {
    left = remaining();
    endsAt = null;
    clearInterval(ticker);
    clearTimeout(ender);
    ticker = null;
    ender = null;
  };
  const run = () => {
    if (left <= 0) {
      running = false;
      return;
    }
    endsAt = performance.now() + left;
    ticker = setInterval(draw, 250);
    ender = setTimeout(end, left);
  };
  const draw = () => {
    const ms = remaining();
    const timed = length(at) > 0;
    clock.textContent = timed ? format(ms) : "";
    document.title = running && timed ? format(ms) + " · " + title : title;
    toggle.textContent =
      at === last ? "Start over" : running ? "Pause" : left < length(at) ? "Resume" : "Start";
  };
  const end = () => {
    if (remaining() > 0) {
      ender = setTimeout(end, remaining());
      return;
    }
    halt();
    if (at < last) go(at + 1);
    else draw();
  };

  // Shows step `i`; a running routine carries on with that step's timer.
  const go = (i) => {
    halt();
    at = Math.min(Math.max(i, 0), last);
    steps.forEach((step, j) => {
      step.hidden = j !== at;
    });
    progress.textContent = at + 1 + " of " + steps.length;
    bar.value = at + 1;
    prev.setAttribute("aria-disabled", String(at === 0));
    next.setAttribute("aria-disabled", String(at === last));
    left = length(at);
    if (running) run();
    const step = steps[at].dataset;
    announce.textContent =
      at === last
        ? "All done. Answer Done in the notification or in the tray menu."
        : at + 1 + " of " + steps.length + ": " + step.name + ", " + step.dose + ".";
    draw();
    chime();
  };
  const move = (by) => {
    wake();
    const to = at + by;
    if (to >= 0 && to <= last) go(to);
  };

  prev.addEventListener("click", () => move(-1));
  next.addEventListener("click", () => move(1));
  toggle.addEventListener("click", () => {
    wake();
    if (at === last) {
      running = false;
      go(0);
      return;
    }
    if (running) {
      halt();
      running = false;
    } else {
      if (left <= 0) left = length(at);
      running = true;
      run();
    }
    draw();
  });
  sound.addEventListener("change", () => {
    soundOn = sound.checked;
    try {
      localStorage.setItem(KEY, soundOn ? "on" : "off");
    } catch (e) {
      // A browser that keeps nothing for local pages asks again next time.
    }
    if (soundOn) {
      wake();
      chime();
    } else if (audio !== null) {
      audio.close().catch(() => {});
      audio = null;
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      e.preventDefault();
      move(e.key === "ArrowRight" ? 1 : -1);
    }
  });

  player.hidden = false;
  steps.forEach((step, j) => {
    step.hidden = j !== 0;
  });
  left = length(0);
  prev.setAttribute("aria-disabled", "true");
  next.setAttribute("aria-disabled", String(last === 0));
  draw();
})();
