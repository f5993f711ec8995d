// Package dataset decides what a name means and what is stored for it: the
// engine every front end (the CLI, the HTTP server) shares.
//
// A Catalog knows every name: the config's topics and every series in the
// store, whatever brought it in (a config topic, a query typed on the
// command line, an imported PubMed timeline, PubMed's totals). Resolve
// turns arguments into Topics (a known name, else a PubMed query); Select
// fixes their years; Plan, Collect and Fill fetch what is missing through
// the collector, under the store's collection lock; Load reads a
// Selection into a Dataset, whose Years method is the one per-year scan
// (count, share per 100,000, partial, fetch time) that tables, charts and
// pages all use.
//
// It holds no presentation: wording, tables and charts live in report.
// Errors are typed (UnknownTopicError with the closest name, NoDataError,
// ArgumentError, ErrCollecting) so that each front end
// can map them to its own exit codes, hints or HTTP statuses.
package dataset
