"use strict";
(() => {
  const box = document.getElementById("timer");
  const total = box ? Number(box.dataset.seconds) * 1000 : 0;
  if (!(total > 0)) return;
  const clock = document.getElementById("timer-clock");
  const toggle = document.getElementById("timer-toggle");
  const reset = document.getElementById("timer-reset");
  const status = document.getElementById("timer-status");
  const title = document.title;
  // While running, the deadline is kept rather than a count of ticks: a background tab's
  // intervals are throttled, and the timer must not run slow there.
  let left = total;
  let endsAt = null;
  let ticker = null;

  const remaining = () => (endsAt === null ? left : Math.max(0, endsAt - performance.now()));
  const show = (ms) => {
    const s = Math.ceil(ms / 1000);
    clock.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  };
  const halt = () => {
    left = remaining();
    endsAt = null;
    clearInterval(ticker);
    ticker = null;
  };
  const update = () => {
    const ms = remaining();
    show(ms);
    if (endsAt === null) return;
    if (ms > 0) {
      document.title = clock.textContent + " · " + title;
      return;
    }
    halt();
    box.classList.add("done");
    toggle.textContent = "Again";
    status.textContent = "Time's up. Nicely done.";
    document.title = "Done · " + title;
  };

  toggle.addEventListener("click", () => {
    if (endsAt === null) {
      if (left <= 0) left = total;
      box.classList.remove("done");
      endsAt = performance.now() + left;
      ticker = setInterval(update, 200);
      toggle.textContent = "Pause";
      status.textContent = "Running.";
    } else {
      halt();
      toggle.textContent = "Resume";
      status.textContent = "Paused.";
      document.title = title;
    }
    update();
  });
  reset.addEventListener("click", () => {
    halt();
    left = total;
    box.classList.remove("done");
    toggle.textContent = "Start";
    status.textContent = "";
    document.title = title;
    show(left);
  });

  show(left);
  box.hidden = false;
})();
