// Package eutilstest is a fake NCBI E-utilities server for tests, benchmarks
// and demos: nothing in this project may call NCBI itself.
//
// It answers ESearch the way PROTOCOL.md (copied into this project's
// testdata) documents the real one: JSON or XML by retmode, string counts,
// querytranslation, errorlist and warninglist, the top-level ERROR for a bad
// db or an empty term, HTTP 400 for a bad API key (echoing the key, as NCBI
// does), and HTTP 429 with NCBI's JSON body when its own per-second limit is
// exceeded. Counts come from a table set by the test, or, for any other
// query, from a deterministic formula, so every count a client stores can be
// checked exactly.
//
// With UseCorpus it answers from a small synthetic PubMed instead (Corpus):
// seeded records with publication and electronic years, publication types
// with their hierarchy, MeSH species (Humans under Animals), subsets
// (medline, systematic, …) and an indexing lag, searched by a PubMed-style
// evaluator: AND, OR and NOT left to right, parentheses, quoted phrases,
// truncation, field tags and date ranges; terms it cannot find are reported
// in errorlist and the rest is searched, as PubMed does. Every count is then
// the size of a set of records, so breakdowns, sums and distinct ranges can
// be checked against the corpus itself. cmd/fake-eutils serves it by
// default.
//
// On demand it misbehaves: 5xx HTML pages, truncated and garbage bodies,
// backend ERRORs, 429 storms, connection resets, slow answers and answers
// that never come. Faults are queued (the next n requests) or drawn at
// random with a fixed seed.
//
// NewServer listens on loopback; NewMemoryServer does not listen at all and
// is reached through Transport, so a client under testing/synctest runs
// against it on fake time, the server's rate window included.
package eutilstest
