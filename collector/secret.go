package collector

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"unicode"

	"github.com/pubtrend/pubtrend/store"
)

const redacted = "REDACTED"

// APIKey holds an NCBI API key. Every way Go has of printing a value
// (fmt verbs, slog, JSON) shows it redacted; only the request builder reads
// the real key.
type APIKey struct{ key string }

// ParseAPIKey reads a key as the user gave it, from the environment or a
// file: surrounding white space (a file's final newline) is dropped, and
// blank means no key. A key with white space, a line break or any other
// control character inside is an error (a key file with a second line
// would otherwise send the newline as part of the key); the error does
// not show the key.
func ParseAPIKey(s string) (APIKey, error) {
	s = strings.TrimSpace(s)
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r':
			return APIKey{}, errors.New("the API key has a line break inside: give the key alone, on one line")
		case unicode.IsSpace(r):
			return APIKey{}, errors.New("the API key has white space inside")
		case r == unicode.ReplacementChar || !unicode.IsPrint(r):
			return APIKey{}, errors.New("the API key has a control or unprintable character inside")
		}
	}
	return APIKey{key: s}, nil
}

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

// scrubber removes the client's secrets, the API key and the password of
// the base URL, from every text that leaves the client: log records,
// errors, and the answers it returns, which callers store and print. A
// server may echo the key anywhere (NCBI does in its 400 and 429 bodies).
type scrubber struct{ secrets []string }

func newScrubber(key APIKey, base string) scrubber {
	var s scrubber
	if key.IsSet() {
		s.secrets = append(s.secrets, key.key)
	}
	if u, err := url.Parse(base); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			s.secrets = append(s.secrets, pw)
		}
	}
	return s
}

// text replaces every secret in s, as written or URL-encoded.
func (s scrubber) text(t string) string {
	for _, secret := range s.secrets {
		for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret)} {
			t = strings.ReplaceAll(t, form, redacted)
		}
	}
	return t
}

func (s scrubber) shows(t string) bool { return s.text(t) != t }

// url makes a URL printable: the api_key parameter and the password are
// replaced, wherever else a secret shows too.
func (s scrubber) url(raw string) string {
	raw = redactUserinfo(raw)
	if u, err := url.Parse(raw); err == nil {
		if q := u.Query(); q.Has("api_key") {
			q.Set("api_key", redacted)
			u.RawQuery = q.Encode()
			raw = u.String()
		}
	}
	return s.text(raw)
}

// redactUserinfo replaces the password of a URL, even of one that does
// not parse, for messages about a base URL that is wrong.
func redactUserinfo(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), redacted)
			return u.String()
		}
		return raw
	}
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	authority, _, _ := strings.Cut(rest, "/")
	at := strings.LastIndex(authority, "@")
	if at < 0 {
		return raw
	}
	return strings.Replace(raw, authority[:at], redacted, 1)
}

// result scrubs what NCBI answered: the translation and warnings are
// stored and exported.
func (s scrubber) result(r Result) Result {
	if len(s.secrets) == 0 {
		return r
	}
	r.Translation = s.text(r.Translation)
	r.Warnings = s.warnings(r.Warnings)
	return r
}

func (s scrubber) warnings(ws []store.Warning) []store.Warning {
	for i := range ws {
		ws[i].Text = s.text(ws[i].Text)
	}
	return ws
}

// err makes sure an error carries no secret. The texts inside this
// package's errors and the URL inside net/http's *url.Error (go-github's
// sanitizeURL) are scrubbed in place, so the error keeps its type. If a
// secret still shows, the error is replaced by its scrubbed text, which
// still unwraps to the (scrubbed) typed error, for errors.As and Is.
func (s scrubber) err(err error) error {
	if err == nil || len(s.secrets) == 0 {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = s.url(ue.URL)
	}
	var typed error
	var (
		qe  *QueryError
		ae  *APIError
		be  *BackendError
		bre *BadResponseError
		rl  *RateLimitError
	)
	switch {
	case errors.As(err, &qe):
		qe.Translation = s.text(qe.Translation)
		qe.Diagnostics = s.warnings(qe.Diagnostics)
		typed = qe
	case errors.As(err, &ae):
		ae.Message = s.text(ae.Message)
		typed = ae
	case errors.As(err, &be):
		be.Message = s.text(be.Message)
		typed = be
	case errors.As(err, &bre):
		bre.Reason, bre.Snippet = s.text(bre.Reason), s.text(bre.Snippet)
		typed = bre
	case errors.As(err, &rl):
		typed = rl
	}
	if msg := err.Error(); s.shows(msg) {
		return &redactedError{msg: s.text(msg), retryable: Retryable(err), typed: typed}
	}
	return err
}

// redactedError is an error whose text showed a secret.
type redactedError struct {
	msg       string
	retryable bool
	typed     error // this package's error inside, scrubbed; or nil
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.typed }
