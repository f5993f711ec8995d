// Package timeline reads the CSV that PubMed's web site offers under its
// "Results by year" timeline, as users actually have it.
//
// The file (PROTOCOL.md §9) starts with a "Search query: …" line — CSV
// quoted, with doubled quotes and a trailing comma, when the query holds
// commas or quotes; sometimes missing — then a "Year,Count" header and
// one row per year, newest first, with years of zero hits left out.
// Spreadsheets re-save it with ";" separators. The file carries no
// download date. Anything else is an error naming its line: a file that
// does not parse yields nothing, so nothing half-read is ever stored.
package timeline
