package collector

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pubtrend/pubtrend/store"
)

// ErrInvalidKey is matched (errors.Is) by the APIError NCBI sends for a
// rejected API key. Every later request would fail the same way.
var ErrInvalidKey = errors.New("NCBI rejected the API key")

// APIError is NCBI refusing a request: the text is NCBI's own, such as
// "Invalid db name specified: fleegle". Retrying cannot help.
type APIError struct {
	StatusCode int // 0 for an ERROR inside a 200 answer
	Message    string
}

func (e *APIError) Error() string {
	if e.StatusCode != 0 {
		return fmt.Sprintf("NCBI answered HTTP %d: %s", e.StatusCode, e.Message)
	}
	return "NCBI: " + e.Message
}

// Is lets errors.Is(err, ErrInvalidKey) recognise the bad-key answer.
func (e *APIError) Is(target error) bool {
	return target == ErrInvalidKey && strings.Contains(strings.ToLower(e.Message), "api key")
}

// RateLimitError is NCBI's "API rate limit exceeded" answer.
type RateLimitError struct {
	RetryAfter time.Duration // zero when NCBI did not say
}

func (e *RateLimitError) Error() string {
	return "NCBI rate limit exceeded (HTTP 429)"
}

// BackendError is an ERROR such as "Search Backend failed: …" that NCBI
// sends with status 200 during outages. It has no count, and it passes.
type BackendError struct {
	Message string
}

func (e *BackendError) Error() string { return "NCBI backend failure: " + e.Message }

// BadResponseError is an answer that is not a usable ESearch result: a 5xx
// page, HTML, an empty or truncated body.
type BadResponseError struct {
	StatusCode int
	Reason     string
	Snippet    string // start of the body, for the message
}

func (e *BadResponseError) Error() string {
	var b strings.Builder
	b.WriteString("unusable answer")
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.StatusCode)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	if e.Snippet != "" {
		fmt.Fprintf(&b, ": %q", e.Snippet)
	}
	return b.String()
}

// QueryError is an answer to a query other than the one written: PubMed
// skipped a phrase it could not find and searched the rest, searched a
// term without a field tag it does not know, dropped the quotes of a
// phrase, or could not run the query as written (PROTOCOL.md §3.2, §3.6,
// §4.5). A misspelt one-word topic leaves only the year range, so its
// "count" is every record of the year. Such an answer is never a count;
// retrying cannot help.
type QueryError struct {
	// Diagnostics are NCBI's errorlist and warninglist entries, in order.
	Diagnostics []store.Warning
	// Translation is PubMed's querytranslation: what it searched instead.
	Translation string
}

// Error quotes NCBI's diagnostics, without the year, so that the failures
// of one query read the same in every year.
func (e *QueryError) Error() string {
	var kinds []string
	texts := make(map[string][]string)
	for _, w := range e.Diagnostics {
		if !Alters(w) {
			continue
		}
		if texts[w.Kind] == nil {
			kinds = append(kinds, w.Kind)
		}
		texts[w.Kind] = append(texts[w.Kind], quoted(w.Text))
	}
	var parts []string
	for _, k := range kinds {
		list, one := strings.Join(texts[k], ", "), len(texts[k]) == 1
		pick := func(single, plural string) string {
			if one {
				return single
			}
			return plural
		}
		switch k {
		case "phrasesnotfound":
			parts = append(parts, fmt.Sprintf("PubMed did not find %s and searched the rest of the query without %s", list, pick("it", "them")))
		case "fieldsnotfound":
			parts = append(parts, fmt.Sprintf("PubMed does not know the %s %s and searched %s in all fields", pick("field", "fields"), list, pick("its term", "their terms")))
		case "quotedphrasesnotfound":
			parts = append(parts, fmt.Sprintf("PubMed did not find the quoted %s %s and searched %s words instead", pick("phrase", "phrases"), list, pick("its", "their")))
		default:
			parts = append(parts, "PubMed could not run the query as written: "+list)
		}
	}
	if len(parts) == 0 {
		return "PubMed altered the query"
	}
	return strings.Join(parts, "; ") + ": not a count of the query as written"
}

// Alters reports whether one of NCBI's diagnostics means the answer is for
// another query than the one written: any errorlist entry (phrase or field
// not found), a quoted phrase not found, or an output message other than
// "No items found.". A phrase ignored alone does not: PubMed drops
// stopwords ("of", "the") from every search of that query, on the web too,
// so the count is the query's own. Stores written before this rule may
// hold altered counts; readers can tell them by their warnings.
func Alters(w store.Warning) bool {
	switch w.Kind {
	case "phrasesnotfound", "fieldsnotfound", "quotedphrasesnotfound":
		return true
	case "outputmessages":
		return !isNoItemsFound(w.Text)
	}
	return false
}

// isNoItemsFound recognises the message that comes with a real zero.
func isNoItemsFound(msg string) bool {
	return strings.EqualFold(strings.TrimSuffix(strings.TrimSpace(msg), "."), "No items found")
}

// quoted writes NCBI's text for a message: in double quotes, unless it
// brings its own (a quoted phrase), with control characters escaped.
func quoted(s string) string {
	q := strconv.Quote(s)
	if strings.Contains(s, `"`) {
		return strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`)
	}
	return q
}

// Retryable reports whether err may pass if the request is sent again:
// rate limits, backend outages, unusable answers and network failures.
// NCBI's refusals (bad key, bad db, empty term) and altered queries are
// final.
func Retryable(err error) bool {
	if err == nil {
		return false
	}
	var r *redactedError
	if errors.As(err, &r) {
		return r.retryable
	}
	var apiErr *APIError
	var qe *QueryError
	return !errors.As(err, &apiErr) && !errors.As(err, &qe)
}

var htmlTitle = regexp.MustCompile(`(?is)<title>\s*(.*?)\s*</title>`)

// checkResponse is the one place that turns an HTTP answer into a Result or
// a typed error.
func checkResponse(status int, header http.Header, body []byte) (Result, error) {
	switch {
	case status == http.StatusOK:
		return parseBody(body)
	case status == http.StatusTooManyRequests:
		return Result{}, &RateLimitError{RetryAfter: retryAfter(header.Get("Retry-After"))}
	case status == http.StatusRequestTimeout:
		return Result{}, &BadResponseError{StatusCode: status, Reason: "request timeout"}
	case status == http.StatusRequestURITooLong:
		return Result{}, &APIError{StatusCode: status, Message: "the query is too long for NCBI"}
	case status >= 400 && status < 500:
		// Only the "error" text is kept: the rest of a 400 body may echo
		// the API key back.
		msg := http.StatusText(status)
		var b struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(lenientJSON(body), &b) == nil && b.Error != "" {
			msg = b.Error
		}
		return Result{}, &APIError{StatusCode: status, Message: msg}
	default:
		reason := http.StatusText(status)
		if m := htmlTitle.FindSubmatch(body); m != nil {
			reason = snippet(m[1])
		}
		return Result{}, &BadResponseError{StatusCode: status, Reason: reason}
	}
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}
