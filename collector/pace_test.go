package collector_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/collector/eutilstest"
	"github.com/pubtrend/pubtrend/store"
)

// defaults is the client as the CLI builds it: the default rate (95% of
// NCBI's 3/s without a key), tries and backoff.
func defaults(o *collector.Options) {
	o.Rate, o.MaxTries, o.MinBackoff, o.MaxBackoff = 0, 0, 0, 0
}

// threeTopics is 3 topics × 20 years.
func threeTopics(t *testing.T) []collector.Job {
	t.Helper()
	var wants []collector.Want
	for i := range 3 {
		wants = append(wants, collector.Want{Name: fmt.Sprint("t", i), Query: fmt.Sprint("topic ", i), From: 2001, To: 2020})
	}
	jobs, err := collector.Plan(nil, wants, collector.DefaultRefresh, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

// own counts the client's requests and its refusals, leaving out the
// foreign burst.
func own(srv *eutilstest.Server) (reqs []eutilstest.Request, refused int) {
	for _, r := range srv.Requests() {
		if r.Tool == "foreign" {
			continue
		}
		reqs = append(reqs, r)
		if r.Status == http.StatusTooManyRequests {
			refused++
		}
	}
	return reqs, refused
}

// TestForeignBurstCostsLittle is issue 9 §2's case: another program on the
// same IP sends three requests at t=0 and fills NCBI's window. A 3-topic ×
// 20-year collection at the default rate must then get at most a few
// 429s, fail no count, and finish within 10% of the ideal time.
func TestForeignBurstCostsLittle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemoryServer(t)
		srv.SetLimit(0) // NCBI's: 3/s per IP without a key
		c := newMemoryClient(t, srv, defaults)
		jobs := threeTopics(t)
		if err := srv.ForeignBurst(3); err != nil {
			t.Fatal(err)
		}
		srv.SetLatency(100*time.Millisecond, 600*time.Millisecond)
		start := time.Now()
		rep, err := c.Collect(t.Context(), jobs, func([]store.Observation) error { return nil }, nil)
		elapsed := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		_, refused := own(srv)
		ideal := time.Duration(float64(len(jobs)) / c.Rate() * float64(time.Second))
		t.Logf("%d jobs: %d refused, %d failed, %s (ideal %s)", len(jobs), refused, len(rep.Failed), elapsed, ideal)
		if refused == 0 {
			t.Fatal("no 429: the burst did not fill the window and the test proved nothing")
		}
		if refused > 3 {
			t.Errorf("%d requests refused with 429 after one foreign burst, want at most 3", refused)
		}
		if len(rep.Failed) != 0 || rep.Stored != len(jobs) {
			t.Errorf("stored %d, failed %v; want %d stored, none failed", rep.Stored, rep.Failed, len(jobs))
		}
		if limit := ideal + ideal/10; elapsed > limit {
			t.Errorf("collection took %s, want at most %s (ideal %s + 10%%)", elapsed, limit, ideal)
		}
	})
}

// TestSendsNeverOutpaceTheCurrentRate runs the client at 10/s against a
// server that allows 2/s, so it is refused and slows down again and again.
// Each send records the client's pace at that moment; in every one-second
// window, the sends must fit that pace. Refused requests use up no try:
// with MaxTries 1 every count is still stored.
func TestSendsNeverOutpaceTheCurrentRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemoryServer(t)
		srv.SetLimit(2)
		srv.SetLatency(100*time.Millisecond, 600*time.Millisecond)
		type send struct {
			at   time.Time
			rate float64
		}
		var (
			mu    sync.Mutex
			sends []send
			c     *collector.Client
		)
		inner := srv.Transport()
		c = newMemoryClient(t, srv, func(o *collector.Options) {
			fast(o)
			o.MaxTries = 1
			o.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
				mu.Lock()
				sends = append(sends, send{time.Now(), c.CurrentRate()})
				mu.Unlock()
				return inner.RoundTrip(r)
			})
		})
		jobs := threeTopics(t)
		rep, err := c.Collect(t.Context(), jobs, func([]store.Observation) error { return nil }, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Failed) != 0 {
			t.Errorf("%d counts failed, want none: a 429 is not a try (first: %v)", len(rep.Failed), rep.Failed[0])
		}
		if _, refused := own(srv); refused == 0 {
			t.Fatal("no 429: the client never slowed down and the test proved nothing")
		}
		slowest := 10.0
		for i, s := range sends {
			slowest = min(slowest, s.rate)
			n, fastest := 0, 0.0
			for _, o := range sends[i:] {
				if o.at.Sub(s.at) >= time.Second {
					break
				}
				n++
				fastest = max(fastest, o.rate)
			}
			// n sends in a second at pace r need n-1 gaps of 1/r.
			if float64(n-1) >= fastest {
				t.Errorf("%d sends in the second from %s, at a pace of at most %.2f/s", n, s.at.Format("15:04:05.000"), fastest)
			}
		}
		if slowest >= 10 {
			t.Error("the pace never dropped: the test proved nothing")
		}
	})
}

// TestRefusalPausesEverySend: after a 429 no request of the process leaves
// for NCBI's Retry-After, or one second without it.
func TestRefusalPausesEverySend(t *testing.T) {
	for _, tt := range []struct {
		name       string
		retryAfter string
		pause      time.Duration
	}{
		{"no Retry-After", "", time.Second},
		{"Retry-After 5", "5", 5 * time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := newMemoryServer(t)
				srv.SetLatency(50*time.Millisecond, 300*time.Millisecond)
				srv.Fail(eutilstest.FaultNone, eutilstest.FaultNone, eutilstest.Fault429)
				inner := srv.Transport()
				c := newMemoryClient(t, srv, func(o *collector.Options) {
					fast(o)
					o.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
						resp, err := inner.RoundTrip(r)
						if err == nil && resp.StatusCode == http.StatusTooManyRequests && tt.retryAfter != "" {
							resp.Header.Set("Retry-After", tt.retryAfter)
						}
						return resp, err
					})
				})
				jobs, _ := collector.Plan(nil, []collector.Want{{Name: "x", Query: "x", From: 2001, To: 2020}}, collector.DefaultRefresh, time.Now())
				rep, err := c.Collect(t.Context(), jobs, func([]store.Observation) error { return nil }, nil)
				if err != nil || rep.Stored != len(jobs) {
					t.Fatalf("Collect = stored %d, %v; want %d, nil", rep.Stored, err, len(jobs))
				}
				reqs := srv.Requests()
				var refusedAt time.Time
				for _, r := range reqs {
					if r.Status == http.StatusTooManyRequests {
						refusedAt = r.Done
					}
				}
				if refusedAt.IsZero() {
					t.Fatal("no 429: the test proved nothing")
				}
				next := time.Time{}
				for _, r := range reqs {
					if r.At.After(refusedAt) && (next.IsZero() || r.At.Before(next)) {
						next = r.At
					}
				}
				if gap := next.Sub(refusedAt); gap < tt.pause {
					t.Errorf("the next request left %s after the 429, want a pause of %s for every send", gap, tt.pause)
				}
			})
		})
	}
}

// TestRefusedForeverEnds: a server that answers 429 to everything ends
// each count after RateLimitWait, with the rate-limit error, having sent
// at most about one request a second.
func TestRefusedForeverEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sent := 0
		c := newMemoryClient(t, newMemoryServer(t), func(o *collector.Options) {
			fast(o)
			o.RateLimitWait = time.Minute
			o.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
				sent++
				return &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{},
					Body: io.NopCloser(strings.NewReader(`{"error":"API rate limit exceeded","count":"11"}`)), Request: r}, nil
			})
		})
		start := time.Now()
		_, err := c.Count(t.Context(), "exosome", 2020)
		var rl *collector.RateLimitError
		if !errors.As(err, &rl) {
			t.Fatalf("Count against a server that always refuses = %v, want a *RateLimitError", err)
		}
		if d := time.Since(start); d < time.Minute || d > time.Minute+5*time.Second {
			t.Errorf("Count gave up after %s, want RateLimitWait (1m)", d)
		}
		if sent > 62 {
			t.Errorf("sent %d requests in a minute of refusals, want at most about one a second", sent)
		}
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
