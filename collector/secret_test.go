package collector_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
)

func TestParseAPIKey(t *testing.T) {
	tests := []struct {
		name, in, want string
		bad            bool
	}{
		{name: "plain", in: "0123456789abcdef0123456789abcdef0123", want: "0123456789abcdef0123456789abcdef0123"},
		{name: "file with final newline", in: "abc123\n", want: "abc123"},
		{name: "surrounding space", in: " \tabc123\r\n", want: "abc123"},
		{name: "blank is no key", in: " \n", want: ""},
		{name: "empty is no key", in: "", want: ""},
		{name: "second line", in: "abc123\nsecond-line\n", bad: true},
		{name: "carriage return", in: "abc\r123", bad: true},
		{name: "inner space", in: "abc 123", bad: true},
		{name: "inner tab", in: "abc\t123", bad: true},
		{name: "escape sequence", in: "abc\x1b[31m123", bad: true},
		{name: "NUL", in: "abc\x00123", bad: true},
		{name: "zero-width space", in: "abc\u200b123", bad: true},
		{name: "invalid UTF-8", in: "abc\xff123", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := collector.ParseAPIKey(tt.in)
			if tt.bad {
				if err == nil {
					t.Fatalf("ParseAPIKey(%q) = ok, want an error", tt.in)
				}
				for _, part := range []string{"abc", "123", "second"} {
					if strings.Contains(err.Error(), part) {
						t.Errorf("ParseAPIKey(%q) error %q shows part of the key", tt.in, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseAPIKey(%q) = %v, want ok", tt.in, err)
			}
			if k.IsSet() != (tt.want != "") {
				t.Errorf("ParseAPIKey(%q).IsSet() = %v, want %v", tt.in, k.IsSet(), tt.want != "")
			}
		})
	}
}

// echoKey answers every request with body, after putting the request's
// api_key wherever body says KEY: a server echoing the key back.
func echoKey(status int, body string) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		b := strings.ReplaceAll(body, "KEY", r.URL.Query().Get("api_key"))
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(b)), Request: r}, nil
	})
}

// TestKeyNeverInAnswers: whatever a server echoes, the key never reaches
// a Result (which is stored and exported) or an error, and errors keep
// their types.
func TestKeyNeverInAnswers(t *testing.T) {
	const count = `{"esearchresult":{"count":"12","querytranslation":"(exosome) AND KEY[dp]","warninglist":{"phrasesignored":["KEY"],"quotedphrasesnotfound":[],"outputmessages":[]}}}`
	tests := []struct {
		name    string
		status  int
		body    string
		wantErr any // pointer to the error type errors.As must find; nil for a count
	}{
		{"count", 200, count, nil},
		{"ERROR", 200, `{"esearchresult":{"ERROR":"Invalid query KEY"}}`, new(*collector.APIError)},
		{"backend", 200, `{"esearchresult":{"ERROR":"Search Backend failed: KEY"}}`, new(*collector.BackendError)},
		{"garbage", 200, `Proxy Error for KEY`, new(*collector.BadResponseError)},
		{"HTML", 502, `<html><title>Bad Gateway for KEY</title></html>`, new(*collector.BadResponseError)},
		{"400", 400, `{"error":"API key invalid","api-key":"KEY"}`, new(*collector.APIError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var logs bytes.Buffer
				c := newMemoryClient(t, newMemoryServer(t), func(o *collector.Options) {
					fast(o)
					o.Key = key(secretKey)
					o.MaxTries = 2
					o.Transport = echoKey(tt.status, tt.body)
					o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
				})
				jobs, _ := collector.Plan(nil, []collector.Want{{Name: "x", Query: "exosome", From: 2020, To: 2020}}, collector.DefaultRefresh, time.Now())
				var stored []store.Observation
				rep, err := c.Collect(t.Context(), jobs, func(o []store.Observation) error { stored = append(stored, o...); return nil }, nil)
				if err != nil && tt.wantErr == nil {
					t.Fatal(err)
				}
				texts := []string{logs.String(), fmt.Sprintf("%+v", stored)}
				if tt.wantErr == nil {
					if len(stored) != 1 || !strings.Contains(stored[0].Translation, "REDACTED") {
						t.Errorf("stored %+v, want one count with the key redacted", stored)
					}
				} else {
					if err == nil && len(rep.Failed) == 1 {
						err = rep.Failed[0].Err
					}
					if !errors.As(err, tt.wantErr) {
						t.Errorf("error %T %v, want %T", err, err, tt.wantErr)
					}
					texts = append(texts, err.Error(), fmt.Sprintf("%+v", tt.wantErr))
				}
				for _, text := range texts {
					if strings.Contains(text, secretKey) {
						t.Errorf("the key shows in %s", text)
					}
				}
			})
		})
	}
}

// TestPasswordNeverShown: a base URL with user:password@ never shows the
// password, in errors about the URL or in -v logs.
func TestPasswordNeverShown(t *testing.T) {
	const password = "hunter2pw"
	for _, base := range []string{
		"ftp://user:" + password + "@example.org/",
		"https://user:" + password + "@exa mple.org/",
		"http://user:" + password + "@example.org/eutils/",
		"https://user:" + password + "@example.org/?x=1",
	} {
		_, err := collector.New(collector.Options{BaseURL: base})
		if err == nil {
			t.Errorf("New(BaseURL %q) succeeded, want an error", strings.ReplaceAll(base, password, "…"))
			continue
		}
		if strings.Contains(err.Error(), password) {
			t.Errorf("New error shows the password: %v", err)
		}
	}

	synctest.Test(t, func(t *testing.T) {
		srv := newMemoryServer(t)
		srv.Fail("502")
		var logs bytes.Buffer
		c := newMemoryClient(t, srv, func(o *collector.Options) {
			o.BaseURL = "http://user:" + password + "@127.0.0.1:9/entrez/eutils/"
			o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		})
		if _, err := c.Count(t.Context(), "exosome", 2020); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(logs.String(), password) {
			t.Errorf("log shows the password:\n%s", logs.String())
		}
		if !strings.Contains(logs.String(), "user:REDACTED@") {
			t.Errorf("log does not show the redacted user info:\n%s", logs.String())
		}
	})
}
