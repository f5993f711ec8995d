// Package server is pubtrend's HTTP front end: the explorer page, charts
// at stable URLs to embed in articles (/chart.svg?q=exosome), the
// comparison as JSON, CSV or Markdown, and a health check.
//
// It holds no domain logic. Each request runs the engine's read sequence
// (dataset.Prepare, Load, Check; report.Compare, Chart, Describe) on the
// store, opened read-only and only while the counts are read, so that a
// cron collection commits beside it untouched and answers change as soon
// as it does (within 5 ms: the store's version is read at most that
// often, so that thousands of requests a second do not keep a commit
// waiting for the file's lock).
//
// Answers are cached by what they show: the ETag hashes the route, its
// normalised parameters, the day and the dataset itself, so If-None-Match
// gets 304, a chart is drawn once per state of its data, and a commit of
// other topics leaves it cached. A request that finds the store at a
// version it has seen with the same parameters skips reading the counts.
// Renders are capped at once; identical ones in flight are shared.
//
// Defaults are safe for the open web: every parameter is checked and an
// unknown one is a 400 naming it; output goes through html/template; the
// page's Content-Security-Policy allows no inline script or style; on
// loopback only loopback Host names are answered (no DNS rebinding); no
// CORS headers are sent, since an <img> needs none and a wildcard would
// let any site read a local server's store through its visitors.
//
// With a collector client (pubtrend serve --fetch), missing counts are
// collected in the background, one selection at a time through that one
// client and so its one rate limiter, and the page says so and refreshes.
package server
