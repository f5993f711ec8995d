// Package collector asks NCBI's ESearch how many PubMed records match a
// query in a year, and collects many such counts into the store.
//
// One count is one request (PROTOCOL.md §6): term=(QUERY) AND YYYY:YYYY[dp],
// retmode=json, retmax=0. Everything that makes that trustworthy at scale
// lives here, in one place each:
//
//   - checkResponse turns every HTTP answer into a Result or a typed error
//     (APIError, RateLimitError, BackendError, BadResponseError,
//     QueryError). A body without a count is an error, never a zero. An
//     answer PubMed gave for an altered query (a phrase or field it did not
//     find, a quoted phrase it unquoted, a query it could not run as
//     written) is a QueryError, never a count: a misspelt topic would
//     otherwise count every record of the year.
//   - One pacer spaces every request of the process. It grants a send at
//     the moment of sending and re-checks after every wake-up, so a
//     slowdown applies to the very next request (x/time/rate's
//     reservations, made before a slowdown, left at the old pace). A 429
//     pauses every send for NCBI's Retry-After, or a second, which clears
//     NCBI's window whoever filled it; a second 429 soon after halves the
//     pace, which then recovers a step per answer. A refused request is
//     not an attempt: it waits and goes again, for up to RateLimitWait.
//   - Client.Search retries what is transient (5xx, garbage, backend
//     ERRORs, network failures) with exponential backoff and jitter, up to
//     MaxTries attempts.
//   - colly is the HTTP transport only: its own delays, retries and cache
//     are not used, because they ignore the context and would cache 429s.
//   - APIKey keeps the key out of every printed form; ParseAPIKey refuses
//     a key with white space or control characters inside, without
//     showing it. The key and the base URL's password are scrubbed from
//     everything that leaves the client: log records, errors (including
//     the URLs net/http puts in them) and the answers callers store, since
//     a server may echo the key anywhere.
//   - A count above MaxCount, far beyond PubMed's size, is a bad answer:
//     it would overflow sums downstream.
//   - Plan decides what is due (new years, recent years older than a day,
//     settled years older than a month); Client.Collect runs the jobs
//     concurrently, so latency does not cost throughput, and hands results
//     to a Saver as they arrive, so an interrupted run keeps what it got.
package collector
