// Warns before the idle sign-out and offers to stay signed in (WCAG 2.2.1).
// The dialog and its texts are in the page (staff/_idle_warning.html); this only times it.
// Before showing anything it asks the server how long is left, because work in another
// tab keeps the same session alive.
(function () {
  "use strict";
  var dialog = document.getElementById("idle-warning");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var warnSeconds = Number(dialog.dataset.warnSeconds);
  var statusUrl = dialog.dataset.statusUrl;
  var form = dialog.querySelector("form");
  var timer = null;

  function show(state) {
    if (dialog.open && dialog.dataset.shown === state) {
      return;
    }
    if (dialog.open) {
      dialog.close(); // opened again below, so that the new text is announced
    }
    dialog.dataset.shown = state;
    dialog.querySelectorAll("[data-state]").forEach(function (part) {
      part.hidden = part.dataset.state !== state;
    });
    dialog.setAttribute("aria-labelledby", "idle-" + state + "-title");
    dialog.setAttribute("aria-describedby", "idle-" + state + "-text");
    dialog.showModal();
    dialog.querySelector('[data-state="' + state + '"] button').focus();
  }

  function hide() {
    if (dialog.open) {
      dialog.close();
    }
  }

  function schedule(secondsLeft) {
    clearTimeout(timer);
    if (secondsLeft <= 0) {
      show("expired");
    } else if (secondsLeft <= warnSeconds) {
      show("warning");
      timer = setTimeout(check, secondsLeft * 1000);
    } else {
      hide();
      timer = setTimeout(check, (secondsLeft - warnSeconds) * 1000);
    }
  }

  function ask(url, init) {
    init.headers = { Accept: "application/json" };
    init.credentials = "same-origin";
    return fetch(url, init)
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        schedule(answer.seconds_left);
      })
      .catch(function () {
        clearTimeout(timer);
        timer = setTimeout(check, 30000); // offline for a moment: ask again soon
      });
  }

  function check() {
    ask(statusUrl, { method: "GET" });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    ask(form.action, { method: "POST", body: new FormData(form) });
  });
  dialog.querySelector("[data-close]").addEventListener("click", hide);
  // A part of the page (htmx) found the session gone: say so at once.
  document.addEventListener("pd-signed-out", function () {
    clearTimeout(timer);
    show("expired");
  });

  schedule(Number(dialog.dataset.idleSeconds));
})();
