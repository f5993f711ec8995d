// Package store keeps every count pubtrend has ever fetched in one bbolt file.
//
// The store is append-only: a fetch adds an observation and never replaces an
// earlier one, so the history of a count (how 2025 filled in during 2026, how
// PubMed's translation of a query changed) stays available for years, and a
// failed or interrupted run can never damage what an earlier run committed.
//
// Writers open the file only for the length of a commit, so readers
// (export, topics, charts) can open it read-only while a long collection
// waits on the network between commits.
//
// # Layout (schema version 1)
//
//	meta                   bucket
//	  "schema"             -> "1"
//	series                 bucket, one nested bucket per series
//	  <field> 0x00 <query> nested bucket: the exact query text and date field
//	                       (e.g. "dp"); editing a topic's query starts a new series
//	    <year:2><fetched:8><seq:8>  -> JSON observation record, with a
//	                       CRC-32 of series key, key and record ("sum")
//	names                  bucket: series named outside the config
//	  <name>               -> <field> 0x00 <query> (a series key)
//
// Keys inside a series sort by year, then by fetch time (big-endian Unix
// nanoseconds), then by the bucket's sequence number, so a cursor walks one
// year's history in the order it was observed and the last key of a year is
// its newest observation. Values are JSON so that fields can be added
// without a migration; a reader ignores fields it does not know.
package store
