/* The meeting form's time echo: "18:00 in Caracas = 22:00 UTC" as the
   editor types, before saving, and the zone the venue's country gives when
   the menu says "From the venue". The server does the same on save
   (posts/meetings/admin_forms.py); this only shows it early. */
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }

  // The admin loads form media in <head>: wait for the form.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {

  var zone = byId("id_timezone");
  var echo = byId("zone-echo");
  if (!zone || !echo) { return; }
  var country = byId("id_country");
  var day = byId("id_starts_at_0");
  var clock = byId("id_starts_at_1");
  var single = JSON.parse(zone.getAttribute("data-country-zones") || "{}");

  // The zone's offset from UTC, in milliseconds, at the instant utcMs.
  function offsetAt(utcMs, tz) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit"
    }).formatToParts(new Date(utcMs)).forEach(function (part) {
      parts[part.type] = part.value;
    });
    var asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day,
      +parts.hour, +parts.minute, +parts.second);
    return asUtc - utcMs;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return values[key]; });
  }

  function update() {
    var tz = zone.value;
    var note = "";
    if (!tz) {
      tz = country ? single[country.value] : "";
      note = tz ? fill(echo.getAttribute("data-from-venue"), { zone: tz })
                : (country && country.value ? echo.getAttribute("data-several") : "");
    }
    // The admin's date: ISO (2030-12-10) or day first (10/12/2030, en-GB).
    var text = day ? day.value.trim() : "";
    var d = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    var dayFirst = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (!d && dayFirst) { d = [text, dayFirst[3], dayFirst[2], dayFirst[1]]; }
    var t = /^(\d{1,2}):(\d{2})/.exec(clock ? clock.value.trim() : "");
    if (!tz || !d || !t) { echo.textContent = note; return; }
    var guess = Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2]);
    var utc = guess - offsetAt(guess, tz);
    utc = guess - offsetAt(utc, tz);
    var when = new Date(utc);
    var said = fill(echo.getAttribute("data-template"), {
      local: pad(+t[1]) + ":" + t[2],
      place: tz.split("/").pop().replace(/_/g, " "),
      utc: pad(when.getUTCHours()) + ":" + pad(when.getUTCMinutes())
    });
    echo.textContent = note ? note + " " + said : said;
  }

  [zone, country, day, clock].forEach(function (element) {
    if (!element) { return; }
    element.addEventListener("change", update);
    element.addEventListener("input", update);
  });
  update();
  }
}());
