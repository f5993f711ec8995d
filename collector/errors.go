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

// Retryable reports whether err may pass if the request is sent again:
// rate limits, backend outages, unusable answers and network failures.
// NCBI's refusals (bad key, bad db, empty term) are final.
func Retryable(err error) bool {
	if err == nil {
		return false
	}
	var r *redactedError
	if errors.As(err, &r) {
		return r.retryable
	}
	var apiErr *APIError
	return !errors.As(err, &apiErr)
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
