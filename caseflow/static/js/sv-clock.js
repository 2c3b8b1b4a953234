/* The sexual-violence consultation's clock, as the dates are typed (progressive enhancement:
   without this script the clock shows once the consultation is saved, computed by the
   server, which is the reference). Same rules as services/sexual_violence/clock.py: up to
   and including 72 h, up to and including 120 h, later; a date without its hour counts from
   the end of that day. Local times of the site, as typed; no network, no storage. */
(function () {
  "use strict";
  var out = document.getElementById("sv-clock-live");
  var form = document.getElementById("sv-form");
  if (!out || !form) { return; }
  function value(name) {
    var field = form.elements[name];
    return field ? field.value : "";
  }
  function parse(day, time) {
    var d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || "");
    if (!d) { return null; }
    var t = /^(\d{2}):(\d{2})/.exec(time || "") || [null, "0", "0"];
    return new Date(Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2]));
  }
  function update() {
    var consulted = value("consulted_at").split("T");
    var end = parse(consulted[0], consulted[1]);
    var start = parse(value("assault_on"), value("assault_time"));
    if (!end || !start) { out.hidden = true; return; }
    if (!value("assault_time")) {
      start = new Date(start.getTime() + 24 * 3600 * 1000);
      if (start > end) { start = end; }
    }
    var hours = (end - start) / 3600000;
    if (hours < 0) { out.hidden = true; return; }
    var band = hours <= 72 ? "within" : (hours <= 120 ? "mid" : "over");
    // Each part isolated (a Latin label or a number on an Arabic page keeps its order).
    var label = document.createElement("bdi");
    var count = document.createElement("bdi");
    label.textContent = out.getAttribute("data-" + band);
    count.dir = "ltr";
    count.textContent = out.getAttribute("data-hours").replace("999999",
                                                                String(Math.floor(hours)));
    out.replaceChildren(label, document.createTextNode(" · "), count);
    out.setAttribute("data-sv-band", band);
    out.hidden = false;
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
}());
