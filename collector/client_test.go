package collector_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/collector/eutilstest"
	"github.com/pubtrend/pubtrend/store"
)

const secretKey = "SECRET_abc123"

// newClient returns a client for srv with retries fast enough for tests.
func newClient(t *testing.T, srv *eutilstest.Server, mod func(*collector.Options)) *collector.Client {
	t.Helper()
	opts := collector.Options{
		BaseURL:    srv.URL,
		Tool:       "pubtrend-test",
		Email:      "dev@example.org",
		Rate:       2.5,
		Timeout:    2 * time.Second,
		MinBackoff: time.Millisecond,
		MaxBackoff: 5 * time.Millisecond,
	}
	if mod != nil {
		mod(&opts)
	}
	c, err := collector.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newServer(t *testing.T) *eutilstest.Server {
	srv := eutilstest.NewServer()
	t.Cleanup(srv.Close)
	// Tests are not about NCBI's limit unless they say so.
	srv.SetLimit(1000)
	return srv
}

// newMemoryServer returns a fake server reached without sockets: inside a
// synctest bubble, its latency and rate window run on the fake clock.
func newMemoryServer(t *testing.T) *eutilstest.Server {
	srv := eutilstest.NewMemoryServer()
	t.Cleanup(srv.Close)
	srv.SetLimit(1000)
	return srv
}

// newMemoryClient is newClient through srv's in-memory transport.
func newMemoryClient(t *testing.T, srv *eutilstest.Server, mod func(*collector.Options)) *collector.Client {
	t.Helper()
	return newClient(t, srv, func(o *collector.Options) {
		o.Transport = srv.Transport()
		if mod != nil {
			mod(o)
		}
	})
}

// key is the API key s, which the test knows to be well formed.
func key(s string) collector.APIKey {
	k, err := collector.ParseAPIKey(s)
	if err != nil {
		panic(err)
	}
	return k
}

// fast uses a key, so the client may send 10 requests a second.
func fast(o *collector.Options) {
	o.Key = key("test-key")
	o.Rate = 10
}

func TestCountSendsWhatNCBIExpects(t *testing.T) {
	srv := newServer(t)
	srv.SetCount("exosome", 2019, 4321)
	c := newClient(t, srv, nil)
	res, err := c.Count(t.Context(), "exosome", 2019)
	if err != nil {
		t.Fatal(err)
	}
	if res.Count != 4321 {
		t.Errorf("Count(exosome, 2019) = %d, want 4321", res.Count)
	}
	if want := "(exosome) AND 2019/01/01:2019/12/31[Date - Publication]"; res.Translation != want {
		t.Errorf("Translation = %q, want %q", res.Translation, want)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != "GET" || r.Term != "(exosome) AND 2019:2019[dp]" || r.Tool != "pubtrend-test" || r.Email != "dev@example.org" || r.Key != "" {
		t.Errorf("request = %+v, want GET of term %q with tool and email, no key", r, "(exosome) AND 2019:2019[dp]")
	}
}

func TestQueriesSurviveEncoding(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, fast)
	queries := []string{
		`"extracellular vesicles"[tiab] OR exosom*[tiab]`,
		`(CRISPR[mh] AND "gene editing") NOT review[pt]`,
		`#2 AND "gene in genomic"[properties] & 100% + more`,
		"snail mucin",
		strings.Repeat(`("long query"[tiab] OR x) AND `, 80) + "end", // POSTed
	}
	for i, q := range queries {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			res, err := c.Count(t.Context(), q, 2020)
			if err != nil {
				t.Fatal(err)
			}
			if want := srv.Count(q, 2020); res.Count != want {
				t.Errorf("Count(%q) = %d, want %d", q, res.Count, want)
			}
			reqs := srv.Requests()
			last := reqs[len(reqs)-1]
			if last.Query != q {
				t.Errorf("server read query %q, want %q", last.Query, q)
			}
			if wantPost := len(q) > 1500; (last.Method == "POST") != wantPost {
				t.Errorf("method = %s for a %d-byte query", last.Method, len(q))
			}
		})
	}
}

func TestTransientFaultsAreRetried(t *testing.T) {
	for _, f := range eutilstest.Faults {
		t.Run(string(f), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := newMemoryServer(t)
				srv.SetCount("exosome", 2021, 777)
				srv.Fail(f, f)
				c := newMemoryClient(t, srv, func(o *collector.Options) {
					fast(o)
					o.MinBackoff, o.MaxBackoff = time.Second, 30*time.Second
				})
				res, err := c.Count(t.Context(), "exosome", 2021)
				if err != nil {
					t.Fatalf("Count after two %s faults: %v", f, err)
				}
				if res.Count != 777 {
					t.Errorf("Count = %d, want 777", res.Count)
				}
				if n := len(srv.Requests()); n != 3 {
					t.Errorf("server saw %d requests, want 3 (two faults, one answer)", n)
				}
			})
		})
	}
}

// TestConnectionResetIsRetried keeps one reset on a real socket: the
// in-memory transport only imitates it.
func TestConnectionResetIsRetried(t *testing.T) {
	srv := newServer(t)
	srv.SetCount("exosome", 2021, 777)
	srv.Fail(eutilstest.FaultReset)
	c := newClient(t, srv, fast)
	res, err := c.Count(t.Context(), "exosome", 2021)
	if err != nil || res.Count != 777 {
		t.Fatalf("Count after a reset = %d, %v; want 777, nil", res.Count, err)
	}
}

func TestHangingRequestTimesOutAndRetries(t *testing.T) {
	srv := newServer(t)
	srv.SetCount("exosome", 2021, 5)
	srv.Fail(eutilstest.FaultHang)
	c := newClient(t, srv, func(o *collector.Options) { o.Timeout = 200 * time.Millisecond; o.Rate = 3 })
	res, err := c.Count(t.Context(), "exosome", 2021)
	if err != nil || res.Count != 5 {
		t.Fatalf("Count after a hang = %d, %v; want 5, nil", res.Count, err)
	}
}

func TestPersistentFaultGivesUpWithError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemoryServer(t)
		srv.Fail(eutilstest.Fault502, eutilstest.FaultBackend, eutilstest.FaultTruncated, eutilstest.Fault500)
		c := newMemoryClient(t, srv, func(o *collector.Options) { o.MaxTries = 3; o.Rate = 3 })
		res, err := c.Count(t.Context(), "exosome", 2021)
		if err == nil {
			t.Fatalf("Count against a failing server = %d, want an error", res.Count)
		}
		if !collector.Retryable(err) {
			t.Errorf("error %v should be retryable (transient)", err)
		}
		if n := len(srv.Requests()); n != 3 {
			t.Errorf("server saw %d requests, want MaxTries = 3", n)
		}
	})
}

func TestFinalErrorsAreNotRetried(t *testing.T) {
	srv := newServer(t)
	srv.AddKey("good-key")
	c := newClient(t, srv, func(o *collector.Options) { o.Key = key(secretKey) })
	_, err := c.Count(t.Context(), "exosome", 2021)
	if !errors.Is(err, collector.ErrInvalidKey) {
		t.Fatalf("error = %v, want ErrInvalidKey", err)
	}
	if strings.Contains(err.Error(), secretKey) {
		t.Errorf("error %q shows the API key", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("server saw %d requests, want 1: a bad key is not retried", n)
	}

	_, err = c.Search(t.Context(), "")
	var apiErr *collector.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("empty term: error = %v, want *APIError", err)
	}
}

func TestNCBIMessageIsKept(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, nil)
	_, err := c.Search(t.Context(), "   ")
	if err == nil || !strings.Contains(err.Error(), "Empty term and query_key - nothing todo") {
		t.Errorf("error = %v, want NCBI's own text", err)
	}
}

func TestKeyNeverInErrorsOrLogs(t *testing.T) {
	srv := newServer(t)
	srv.AddKey(secretKey)
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newClient(t, srv, func(o *collector.Options) {
		o.Key = key(secretKey)
		o.Logger = logger
		o.MaxTries = 2
		o.Timeout = 200 * time.Millisecond
	})
	if _, err := c.Count(t.Context(), "exosome", 2020); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0].Key; got != secretKey {
		t.Errorf("server got key %q, want the real key", got)
	}
	// A network error puts the whole URL, key included, in a *url.Error.
	srv.Close()
	_, err := c.Count(t.Context(), "exosome", 2020)
	if err == nil {
		t.Fatal("Count against a closed server succeeded")
	}
	for name, text := range map[string]string{"error": err.Error(), "log": logs.String(),
		"%v": fmt.Sprintf("%v %+v %#v %s %q", key(secretKey), key(secretKey),
			key(secretKey), key(secretKey), key(secretKey))} {
		if strings.Contains(text, secretKey) {
			t.Errorf("%s shows the API key: %s", name, text)
		}
	}
	if !strings.Contains(logs.String(), "api_key=REDACTED") {
		t.Errorf("log does not show the redacted key parameter:\n%s", logs.String())
	}
}

func TestBaseURLChecks(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://eutils.ncbi.nlm.nih.gov/entrez/eutils/", true},
		{"http://127.0.0.1:8080/entrez/eutils/", true},
		{"http://localhost:8080/entrez/eutils", true},
		{"http://[::1]:8080/", true},
		{"http://eutils.ncbi.nlm.nih.gov/entrez/eutils/", false},
		{"ftp://example.org/", false},
		{"eutils.ncbi.nlm.nih.gov", false},
		{"https://example.org/?api_key=x", false},
	}
	for _, tt := range tests {
		_, err := collector.New(collector.Options{BaseURL: tt.url})
		if (err == nil) != tt.ok {
			t.Errorf("New(BaseURL %q) error = %v, want ok=%v", tt.url, err, tt.ok)
		}
	}
	if _, err := collector.New(collector.Options{Rate: 4}); err == nil {
		t.Error("New(Rate 4 without key) succeeded, want an error: NCBI allows 3")
	}
	if _, err := collector.New(collector.Options{Rate: 9, Key: key("k")}); err != nil {
		t.Errorf("New(Rate 9 with key) = %v, want ok", err)
	}
}

func TestCollectStoresExactCountsDespiteFaults(t *testing.T) {
	synctest.Test(t, testCollectStoresExactCountsDespiteFaults)
}

func testCollectStoresExactCountsDespiteFaults(t *testing.T) {
	srv := newMemoryServer(t)
	srv.SetFailRate(0.2)
	srv.SetLatency(50*time.Millisecond, 800*time.Millisecond)
	c := newMemoryClient(t, srv, func(o *collector.Options) {
		fast(o)
		o.MaxTries = 8
		o.MinBackoff, o.MaxBackoff = time.Second, 30*time.Second
	})
	dbPath := filepath.Join(t.TempDir(), "p.db")
	wants := []collector.Want{
		{Name: "exosome", Query: "exosome", From: 2015, To: 2024},
		{Name: "ev", Query: `"extracellular vesicles"[tiab]`, From: 2018, To: 2024},
		collector.Totals(2015, 2024),
	}
	now := time.Now() // the bubble's clock: counts are fetched "now"
	jobs, err := collector.Plan(nil, wants, collector.DefaultRefresh, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 10+7+10 {
		t.Fatalf("Plan = %d jobs, want 27", len(jobs))
	}
	rep, err := c.Collect(t.Context(), jobs, saveTo(dbPath), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Stored != 27 || len(rep.Failed) != 0 {
		t.Fatalf("report: stored %d, failed %v; want 27, none", rep.Stored, rep.Failed)
	}
	db, err := store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, w := range wants {
		latest, err := db.Latest(w.Series(), nil)
		if err != nil {
			t.Fatal(err)
		}
		for y := w.From; y <= w.To; y++ {
			if got, want := latest[y].Count, srv.Count(w.Query, y); got != want {
				t.Errorf("stored Count(%q, %d) = %d, want %d", w.Query, y, got, want)
			}
		}
		h, _ := db.History(w.Series(), 0)
		if len(h) != w.To-w.From+1 {
			t.Errorf("%q: %d observations stored, want one per year", w.Query, len(h))
		}
	}
	faults := 0
	for _, r := range srv.Requests() {
		if r.Fault != "" {
			faults++
		}
	}
	if faults == 0 {
		t.Error("the server injected no fault: the test proved nothing")
	}

	// A re-run right after sends nothing.
	jobs, err = collector.Plan(db, wants, collector.DefaultRefresh, now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 0 {
		t.Errorf("re-run plan = %v, want no job", jobs)
	}
}

func saveTo(path string) collector.Saver {
	return func(obs []store.Observation) error { return store.AppendFile(path, obs...) }
}

func TestCollectStopsOnInvalidKey(t *testing.T) {
	srv := newServer(t)
	srv.AddKey("the-good-one")
	c := newClient(t, srv, func(o *collector.Options) { o.Key = key(secretKey) })
	jobs, _ := collector.Plan(nil, []collector.Want{{Name: "x", Query: "x", From: 2000, To: 2020}}, collector.DefaultRefresh, time.Now())
	saved := 0
	rep, err := c.Collect(t.Context(), jobs, func(o []store.Observation) error { saved += len(o); return nil }, nil)
	if !errors.Is(err, collector.ErrInvalidKey) {
		t.Fatalf("Collect error = %v, want ErrInvalidKey", err)
	}
	if saved != 0 || rep.Stored != 0 {
		t.Errorf("saved %d observations with a bad key, want 0", saved)
	}
	if n := len(srv.Requests()); n > 10 {
		t.Errorf("server saw %d requests after the key was refused, want the run to stop", n)
	}
}

func TestCollectGivesUpWhenServerIsDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemoryServer(t)
		srv.SetFailRate(1)
		c := newMemoryClient(t, srv, func(o *collector.Options) {
			fast(o)
			o.MaxTries = 2
			o.MinBackoff, o.MaxBackoff = time.Second, 30*time.Second
		})
		jobs, _ := collector.Plan(nil, []collector.Want{{Name: "x", Query: "x", From: 1950, To: 2020}}, collector.DefaultRefresh, time.Now())
		saved := 0
		_, err := c.Collect(t.Context(), jobs, func(o []store.Observation) error { saved += len(o); return nil }, nil)
		if !errors.Is(err, collector.ErrUnreachable) {
			t.Fatalf("Collect error = %v, want ErrUnreachable", err)
		}
		if saved != 0 {
			t.Errorf("saved %d observations from a failing server", saved)
		}
		if n := len(srv.Requests()); n >= len(jobs)*2 {
			t.Errorf("server saw %d requests: the run did not give up early", n)
		}
	})
}

func TestCollectKeepsWhatItSavedWhenCancelled(t *testing.T) {
	synctest.Test(t, testCollectKeepsWhatItSavedWhenCancelled)
}

func testCollectKeepsWhatItSavedWhenCancelled(t *testing.T) {
	srv := newMemoryServer(t)
	c := newMemoryClient(t, srv, fast)
	jobs, _ := collector.Plan(nil, []collector.Want{{Name: "x", Query: "x", From: 1990, To: 2020}}, collector.DefaultRefresh, time.Now())
	ctx, cancel := context.WithCancel(t.Context())
	saved := 0
	rep, err := c.Collect(ctx, jobs, func(o []store.Observation) error {
		saved += len(o)
		if saved >= 3 {
			cancel()
		}
		return nil
	}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Collect error = %v, want context.Canceled", err)
	}
	if rep.Stored != saved || len(rep.Failed) != 0 {
		t.Errorf("report stored %d failed %d; want stored %d, no failure for cut-short jobs", rep.Stored, len(rep.Failed), saved)
	}
}

func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	target := newServer(t)
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Same port space, different host name: 127.0.0.1 vs localhost.
		http.Redirect(w, r, strings.Replace(target.URL, "127.0.0.1", "localhost", 1)+"esearch.fcgi?"+r.URL.RawQuery, http.StatusFound)
	}))
	t.Cleanup(redirector.Close)
	c, err := collector.New(collector.Options{BaseURL: redirector.URL + "/entrez/eutils/", Key: key(secretKey),
		Rate: 10, MaxTries: 1, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Count(t.Context(), "exosome", 2020)
	if err == nil {
		t.Fatal("Count followed a redirect to another host")
	}
	if !strings.Contains(err.Error(), "refusing redirect to another host") {
		t.Errorf("error = %v, want it to say the redirect was refused", err)
	}
	if strings.Contains(err.Error(), secretKey) {
		t.Errorf("error shows the key: %v", err)
	}
	if n := len(target.Requests()); n != 0 {
		t.Errorf("the other host saw %d requests, want 0", n)
	}
}

func TestCollectStopsWhenSavingFails(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, fast)
	jobs, _ := collector.Plan(nil, []collector.Want{{Name: "x", Query: "x", From: 2000, To: 2020}}, collector.DefaultRefresh, time.Now())
	diskFull := errors.New("database reached maximum size")
	rep, err := c.Collect(t.Context(), jobs, func([]store.Observation) error { return diskFull }, nil)
	if !errors.Is(err, diskFull) {
		t.Fatalf("Collect error = %v, want the save error", err)
	}
	if rep.Stored != 0 {
		t.Errorf("report says %d stored, want 0: nothing was saved", rep.Stored)
	}
	if n := len(srv.Requests()); n >= len(jobs) {
		t.Errorf("server saw %d requests after saving failed, want the run to stop", n)
	}
}
