// Hides a field that does not apply to what was chosen in another (hours only for own
// staff time, an exchange rate only for euros), as GOV.UK's conditional questions do.
// The field says which in data-shown-when="<other field>:<value> <value>" (StaffForm's
// shown_when); the other field is looked for in the same row of a repeating group, else
// in the same form. A field is hidden only while it is empty (or holds its data-neutral
// value, the rate 1 of a krona) and has no error: what someone typed is never out of sight,
// and without JavaScript every field is simply shown.
(function () {
  "use strict";

  function controlValue(scope, name) {
    var found = null;
    scope.querySelectorAll("input[name], select[name]").forEach(function (control) {
      var own = control.name === name || control.name.slice(-name.length - 1) === "-" + name;
      if (!own || (control.type === "radio" && !control.checked)) {
        return;
      }
      found = control.value;
    });
    return found;
  }

  function update(field) {
    var rule = field.dataset.shownWhen.split(":");
    var scope = field.closest("fieldset.row-form") || field.form || document;
    var applies = rule[1].split(" ").indexOf(controlValue(scope, rule[0]) || "") !== -1;
    var wrapper = field.closest(".field") || field;
    var neutral = field.dataset.neutral || "";
    var untouched = field.value.trim() === "" || field.value.trim() === neutral;
    wrapper.hidden = !applies && untouched && !wrapper.classList.contains("field-error");
  }

  function updateWithin(root) {
    root.querySelectorAll("[data-shown-when]").forEach(update);
  }

  document.addEventListener("DOMContentLoaded", function () {
    updateWithin(document);
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form) {
      updateWithin(form);
    }
  });
  // A row htmx adds ("Lägg till rad") gets the same treatment.
  document.addEventListener("htmx:load", function (event) {
    updateWithin(event.target);
  });
})();
