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
// # Layout (schema version 2)
//
//	meta                   bucket
//	  "schema"             -> "2"
//	series                 bucket, one nested bucket per series
//	  <field> 0x00 <query> nested bucket: the exact query text and date field
//	                       (e.g. "dp"); editing a topic's query starts a new series
//	    <year:2><fetched:8><seq:8>  -> JSON observation record (count,
//	                       fetched_at, translation, warnings, source, run), with
//	                       a CRC-32 of series key, key and record ("sum")
//	names                  bucket: series named outside the config
//	  <name>               -> <field> 0x00 <query> (a series key)
//	labels                 bucket: what brought each series in, what it is called
//	  <field> 0x00 <query> -> JSON label, with a CRC-32 of series key and label ("sum")
//	refusals               bucket, one nested bucket per series NCBI refused
//	  <field> 0x00 <query> nested bucket
//	    <year:2><at:8><seq:8>  -> JSON refusal record (message, warnings,
//	                       translation), with a CRC-32 as in series
//
// An import's series has the date field "import:" followed by its name
// (ImportSeries), so every imported name has a series of its own, apart
// from other imports and from ESearch's series of the same query; Import
// writes its counts, its name and its label in one transaction. Schema 1
// kept imports under the field "timeline" and could map two names to one
// series; those series and names are read as they are.
//
// A label (SetLabels, Labels) says what brought a series in (its Origin:
// config, query, import, part or totals) and what it is called, so that
// every stored series can be listed with its origin; it describes the
// series and is replaced, not appended. A refusal (AppendRefusals,
// LatestRefusals) records that NCBI would not count a query as written,
// with its message, warnings and translation: it lives apart from the
// series bucket, so Latest and History never read one as a count, and is
// appended like an observation, with the same checksum.
//
// Keys inside a series sort by year, then by fetch time (big-endian Unix
// nanoseconds), then by the bucket's sequence number, so a cursor walks one
// year's history in the order it was observed and the last key of a year is
// its newest observation. Values are JSON so that fields can be added
// without a migration; a reader ignores fields it does not know.
//
// # Files beside the store
//
// A collection holds <store>.lock (flock) beside the real store file, found
// by RealPath, so that symlinks and other spellings of the path take the
// same lock. Backup refuses to write over the store, under any spelling,
// or over its lock.
//
// # Every bucket, always
//
// A new store gets every top-level bucket in its first commit, so a store
// that lacks one is damaged, not empty: Open refuses it with ErrCorrupt
// (and Verify reports it) rather than read committed counts as never
// fetched, or write new ones beside them. Only a file that bbolt created
// but no pubtrend ever committed to has no buckets; it reads as empty and
// the next writable Open lays it out.
//
// # Files that were never finished
//
// A 0-byte file (from mktemp, say) is a store not yet written: a writable
// Open lays it out, as bbolt does, and a read-only one returns ErrNotExist.
// A file whose creation was cut short before its first commit (a full
// disk during bbolt's first write leaves part of a header, or zeros) is
// reported with ErrUnfinished: it holds no data and may be deleted.
// pubtrend never overwrites it itself, and never mistakes a file that has
// seen a commit for one: such a file, cut short, is damaged (ErrCorrupt).
//
// # Schema 1 and the upgrade
//
// Schema 1 had meta and series from the first commit and names only after
// the first import; it had no labels or refusals. A read-only Open reads a
// schema-1 store as it is (requiring meta and series) and changes nothing.
// The first writable Open upgrades it in one transaction: it creates the
// missing buckets and sets "schema" to "2"; no record is rewritten. A
// pubtrend that knows only schema 1 refuses the upgraded file with a
// message to upgrade, rather than misread it.
package store
