package collector

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
)

const redacted = "REDACTED"

// APIKey holds an NCBI API key. Every way Go has of printing a value
// (fmt verbs, slog, JSON) shows it redacted; only the request builder reads
// the real key.
type APIKey struct{ key string }

// NewAPIKey wraps a key as given by the user; surrounding space is dropped.
func NewAPIKey(s string) APIKey { return APIKey{key: strings.TrimSpace(s)} }

// IsSet reports whether a key was given.
func (k APIKey) IsSet() bool { return k.key != "" }

func (k APIKey) String() string {
	if k.key == "" {
		return ""
	}
	return redacted
}

// Format makes %v, %+v, %#v, %s and %q all print the redacted form.
func (k APIKey) Format(f fmt.State, verb rune) { fmt.Fprint(f, k.String()) }

// LogValue keeps the key out of structured logs.
func (k APIKey) LogValue() slog.Value { return slog.StringValue(k.String()) }

// MarshalText keeps the key out of JSON, YAML and any other text encoding.
func (k APIKey) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// redactURL replaces the api_key parameter of a URL, and any other place the
// key appears in it.
func (k APIKey) redactURL(raw string) string {
	if k.key == "" {
		return raw
	}
	if u, err := url.Parse(raw); err == nil {
		q := u.Query()
		if q.Has("api_key") {
			q.Set("api_key", redacted)
			u.RawQuery = q.Encode()
			raw = u.String()
		}
	}
	return k.redactText(raw)
}

func (k APIKey) redactText(s string) string {
	if k.key == "" {
		return s
	}
	s = strings.ReplaceAll(s, k.key, redacted)
	return strings.ReplaceAll(s, url.QueryEscape(k.key), redacted)
}

// redactErr makes sure an error carries no trace of the key. net/http and
// colly put the whole request URL into *url.Error; its URL is rewritten in
// place (as go-github's sanitizeURL does) so the error keeps its type. If
// the key still shows anywhere, the error is replaced by its redacted text.
func (k APIKey) redactErr(err error) error {
	if err == nil || k.key == "" {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = k.redactURL(ue.URL)
	}
	// NCBI's diagnostics echo the query, and a server may echo the key:
	// scrubbed in place, the error keeps its type for errors.As.
	var qe *QueryError
	if errors.As(err, &qe) {
		qe.Translation = k.redactText(qe.Translation)
		for i := range qe.Diagnostics {
			qe.Diagnostics[i].Text = k.redactText(qe.Diagnostics[i].Text)
		}
	}
	if msg := err.Error(); strings.Contains(msg, k.key) || strings.Contains(msg, url.QueryEscape(k.key)) {
		return &redactedError{msg: k.redactText(msg), retryable: Retryable(err)}
	}
	return err
}

type redactedError struct {
	msg       string
	retryable bool
}

func (e *redactedError) Error() string { return e.msg }
