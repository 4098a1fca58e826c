// Asks before leaving a page whose form holds typed changes not yet saved: each section
// of a project is saved on its own, and a step link, "Avbryt" or the breadcrumb had
// dropped what was typed without a word. The browser words the question itself. Saving
// (the form's own submit) never asks; a form with nothing typed never asks. A form that
// came back unsaved (with errors, or redrawn by htmx with an organisation added) counts
// as changed: the server marks it data-unsaved, or its fields aria-invalid. Sign-in forms
// opt out (data-no-unsaved-warning): leaving them loses nothing worth a question.
(function () {
  "use strict";

  var changed = new Set();

  function add(form) {
    if (
      form &&
      (form.method || "").toLowerCase() === "post" &&
      !form.hasAttribute("data-no-unsaved-warning")
    ) {
      changed.add(form);
    }
  }

  function scan() {
    document.querySelectorAll("form[data-unsaved]").forEach(add);
    document.querySelectorAll('[aria-invalid="true"]').forEach(function (field) {
      add(field.form);
    });
  }

  function mark(event) {
    if (event.target.form && !event.target.matches("[type=hidden]")) {
      add(event.target.form);
    }
  }

  scan(); // deferred: the page is parsed
  document.addEventListener("htmx:afterSettle", scan);
  document.addEventListener("input", mark, true);
  document.addEventListener("change", mark, true);
  document.addEventListener(
    "submit",
    function (event) {
      changed.delete(event.target);
    },
    true
  );
  window.addEventListener("beforeunload", function (event) {
    changed.forEach(function (form) {
      if (!form.isConnected) {
        changed.delete(form);
      }
    });
    if (changed.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
