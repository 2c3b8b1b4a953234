/* caseflow: type-to-filter for long lists, and the language interpreted taken from the
   languages spoken (registration and identity forms, issue 17).

   Everything here is an aid: without this script the lists are the same selects (the
   site's frequent choices first, in their optgroup), the folds open by their summary,
   and the server fills in the language interpreted when it can only be one
   (people/forms.py, interpreted_language). Served under CSP script-src 'self': no
   inline script, no inline style (options are hidden with the `hidden` property).

   - select[data-filter="<accessible name>"]: a search box above the list; typing hides
     the options that do not match (accents and case ignored), chosen options stay
     shown, Enter picks the first option shown (a multiple list adds it) and does not
     send the form.
   - select[data-spoken-from]: the language interpreted. Its list starts with the
     languages picked in the languages-spoken list; when an interpreter is needed and
     exactly one language spoken is not a team language, it is filled in (and changed
     again with the languages, as long as the nurse has not chosen herself).
   - details[data-open-with="<checkbox id>"]: opens when the box is ticked. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function filterable(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "filter-select";
    box.setAttribute("aria-label", select.getAttribute("data-filter"));
    box.placeholder = select.getAttribute("data-filter");
    box.setAttribute("aria-controls", select.id);
    box.setAttribute("autocomplete", "off");
    box.setAttribute("enterkeyhint", "done");
    select.parentNode.insertBefore(box, select);

    function shown() {
      return Array.prototype.filter.call(select.options, function (o) {
        return !o.hidden && o.value !== "";
      });
    }

    function apply() {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(select.options, function (option) {
        var text = fold(option.text);
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !(match || option.selected || option.value === "");
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !Array.prototype.some.call(group.children, function (o) {
          return !o.hidden;
        });
      });
      // A one-line list with one match left: take it, as typing into the list would.
      var left = shown();
      if (!select.multiple && words.length && left.length === 1 && !left[0].selected) {
        left[0].selected = true;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    box.addEventListener("input", apply);
    box.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();  // Enter in a filter never sends the form
      // The options the list shows now: the same word-by-word match as the filtering.
      var first = shown().filter(function (o) { return !o.selected || !select.multiple; })[0];
      if (!first) { return; }
      first.selected = true;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      if (select.multiple) { box.value = ""; apply(); }
    });
  }

  function interpreted(select) {
    var spoken = document.getElementById(select.getAttribute("data-spoken-from"));
    var needed = document.getElementById(select.getAttribute("data-needed-from"));
    var kind = document.getElementById(select.getAttribute("data-kind-from"));
    if (!spoken) { return; }
    var team = (select.getAttribute("data-team-languages") || "").split(" ");
    var kinds = (select.getAttribute("data-interpreted-kinds") || "").split(" ");
    var group = document.createElement("optgroup");
    group.label = select.getAttribute("data-spoken-label");
    var filled = null;  // the value this script put there, while the nurse leaves it

    function picked() {
      return Array.prototype.filter.call(spoken.options, function (o) { return o.selected; });
    }

    function offerFirst() {
      var current = select.value;
      while (group.firstChild) { group.removeChild(group.firstChild); }
      // By name, as the server lists them (people/forms.py, interpreter_choices).
      picked().sort(function (a, b) { return a.text.localeCompare(b.text); }).forEach(function (o) {
        group.appendChild(new Option(o.text, o.value));
      });
      if (group.children.length && !group.parentNode) {
        var head = select.options[0];  // "—", the one option outside the optgroups
        select.insertBefore(group, head ? head.nextSibling : select.firstChild);
      } else if (!group.children.length && group.parentNode) {
        group.parentNode.removeChild(group);
      }
      select.value = current;
    }

    function fill() {
      offerFirst();
      var wanted = (needed && needed.checked) || (kind && kinds.indexOf(kind.value) !== -1);
      if (select.value && select.value !== filled) { return; }  // the nurse chose
      var others = picked().filter(function (o) { return team.indexOf(o.value) === -1; });
      var value = wanted && others.length === 1 ? others[0].value : "";
      select.value = value;
      filled = value || null;
    }

    select.addEventListener("change", function () { filled = null; });
    [spoken, needed, kind].forEach(function (el) {
      if (el) { el.addEventListener("change", fill); }
    });
    fill();
  }

  function openWith(details) {
    var box = document.getElementById(details.getAttribute("data-open-with"));
    if (!box) { return; }
    box.addEventListener("change", function () {
      if (box.checked) { details.open = true; }
    });
  }

  document.querySelectorAll("select[data-filter]").forEach(filterable);
  document.querySelectorAll("select[data-spoken-from]").forEach(interpreted);
  document.querySelectorAll("details[data-open-with]").forEach(openWith);
})();
