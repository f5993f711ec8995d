// Package breakdown splits a topic's yearly PubMed count into parts that
// are disjoint and add up exactly: what kind of evidence (systematic
// reviews, trials, observational studies, reviews, case reports, other),
// or which species (humans, animals only, neither). It holds the built-in
// breakdowns, the type for user-defined ones, the PubMed query of every
// part, and the arithmetic from counts to parts and shares. It imports
// nothing of pubtrend's and does no I/O: the collector fetches what it
// asks for, the front ends draw what it computes.
//
// Why the parts are built this way (PROTOCOL.md §10):
//
//   - PubMed's publication types overlap — an RCT is also a Clinical
//     Trial (the hierarchy explodes), a systematic review may also be a
//     meta-analysis, one record can carry several types — so raw per-type
//     counts cannot be stacked. Parts are given in order of precedence and
//     part i is
//
//     (QUERY) AND (P_i) NOT (P_1 OR … OR P_{i−1})
//
//     the topic's records matching P_i and no earlier part. PubMed
//     evaluates AND, OR and NOT left to right, so the parentheses are what
//     makes this mean what it says. Whatever the hierarchy does, the parts
//     are disjoint by construction.
//
//   - The last part is the remainder, the topic's count minus the others:
//     the parts add up to the topic's count for the same year exactly, and
//     the remainder costs no request. This holds only if the topic and its
//     parts come from one collection; Split refuses counts that cannot, and
//     a caller must re-fetch a mix of old and new counts, never subtract
//     them.
//
//   - The built-in fragments use explicit tags only ([pt], [mh], [sb]).
//     An untagged word goes through Automatic Term Mapping and picks up
//     text words: "clinical trials" would also find every abstract that
//     mentions them.
//
//   - Publication types have birth years (Case Reports 2004, Observational
//     Study 2014, Systematic Review 2019 but applied back). Each part
//     names the late types in its query, and Caveats turns them into the
//     sentences a chart or table must carry instead of showing a type's
//     birth as growth.
//
//   - Types and MeSH headings come with MEDLINE indexing, which lags by
//     weeks to months, so a recent year undercounts the typed parts and
//     overcounts the remainder. NotIndexedQuery and IndexingLag measure
//     the share not yet indexed, so those years can be flagged.
//
// The package's tests check all of this against the synthetic PubMed of
// collector/eutilstest, where every count is the size of a set.
package breakdown
