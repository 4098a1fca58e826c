// Asks before leaving a page whose form holds typed changes not yet saved: each section
// of a project is saved on its own, and a step link, "Avbryt" or the breadcrumb had
// dropped what was typed without a word. The browser words the question itself. Saving
// (the form's own submit) never asks; a form with nothing typed never asks.
(function () {
  "use strict";

  var changed = new Set();

  function posted(form) {
    return form && (form.method || "").toLowerCase() === "post";
  }

  function mark(event) {
    var form = event.target.form;
    if (posted(form) && !event.target.matches("[type=hidden]")) {
      changed.add(form);
    }
  }

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
