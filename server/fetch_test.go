package server

import (
	"net/http"
	"strings"
	"testing"
)

// fetchRig is a rig whose server collects what is missing; the
// collector runs when the test says.
func fetchRig(t *testing.T) (*rig, func()) {
	r := newRig(t, nil)
	srv, err := New(Options{Config: r.cfg, Path: r.path, Client: r.client(), Now: r.srv.opts.Now, Logger: r.srv.log, LogRequests: true})
	if err != nil {
		t.Fatal(err)
	}
	r.srv = srv
	srv.versionTTL = 0
	finished := make(chan struct{}, 16)
	srv.fetch.finished = func() { finished <- struct{}{} }
	start := func() {
		go srv.fetch.run(t.Context())
		<-finished
	}
	return r, start
}

func TestFetchCollectsWhatIsMissing(t *testing.T) {
	r, collect := fetchRig(t)
	// 11 years (2015-2025) and the distinct records over the complete ones.
	for range 3 {
		w := r.get("/?q=brandnew")
		body := w.Body.String()
		if w.Code != 200 || !strings.Contains(body, "Waiting to collect 12 counts from PubMed") ||
			!strings.Contains(body, `<meta http-equiv="refresh" content="3">`) || !strings.Contains(body, `data-collecting="1"`) {
			t.Fatalf("page while queued = %d:\n%s", w.Code, body)
		}
		if w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("a page that will change is cacheable: %q", w.Header().Get("Cache-Control"))
		}
	}
	w := r.get("/chart.svg?q=brandnew")
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "5" || !strings.Contains(w.Body.String(), "collecting 12 counts") {
		t.Errorf("chart while queued = %d %q:\n%s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
	if n := len(r.srv.fetch.queue); n != 1 {
		t.Fatalf("%d fills queued for one selection asked five times, want 1", n)
	}
	collect()
	w = r.get("/?q=brandnew")
	if w.Code != 200 || strings.Contains(w.Body.String(), "collect") && strings.Contains(w.Body.String(), "Waiting") {
		t.Fatalf("page after the collection = %d:\n%s", w.Code, w.Body)
	}
	if !strings.Contains(w.Body.String(), "Publications per year") {
		t.Errorf("no table after the collection:\n%s", w.Body)
	}
	years := make(map[int]int)
	for _, req := range r.fake.Requests() {
		if req.Query == "brandnew" {
			years[req.Year]++
		}
	}
	if len(years) != 11 {
		t.Errorf("fetched %d years of brandnew, want 11 (2015-2025)", len(years))
	}
	for y, n := range years {
		if n != 1 {
			t.Errorf("%d was fetched %d times", y, n)
		}
	}
	if w := r.get("/chart.svg?q=brandnew"); w.Code != 200 {
		t.Errorf("chart after the collection = %d", w.Code)
	}
}

func TestFetchFailureIsShownWithoutTheKey(t *testing.T) {
	r, collect := fetchRig(t)
	r.fake.AddKey("the-only-valid-key")
	r.get("/?q=brandnew")
	collect()
	w := r.get("/?q=brandnew")
	if !strings.Contains(w.Body.String(), "Some counts could not be collected") || !strings.Contains(w.Body.String(), "API key") {
		t.Errorf("page after a refused key = %d:\n%s", w.Code, w.Body)
	}
	// Not retried at once: the failure stands for a while.
	if n := len(r.srv.fetch.queue); n != 0 {
		t.Errorf("a failed fill was queued again at once (%d queued)", n)
	}
}
