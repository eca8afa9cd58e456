// Every occurrence of every recurring event in an .ics file, as ical.js (the parser
// behind many web calendars) expands it: {"UID": ["2026-03-09T08:00:00Z", ...]} on stdout.
// Usage: node icaljs_sessions.mjs FILE.ics   (ical.js comes from `npm ci` at the repository root)
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);  // so TZID=Europe/London means the file's own rules
}
const found = {};
for (const component of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(component);
  if (!event.isRecurring()) continue;
  const starts = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && starts.length < 1000; next = iterator.next()) {
    starts.push(next.toJSDate().toISOString().replace(".000Z", "Z"));
  }
  found[event.uid] = starts;
}
process.stdout.write(JSON.stringify(found));
