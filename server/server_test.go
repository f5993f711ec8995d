package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pubtrend/pubtrend/charts"
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/report"
	"github.com/pubtrend/pubtrend/store"
)

func TestRoutes(t *testing.T) {
	r := newRig(t, nil)
	style := assetNames["style.css"]
	tests := []struct {
		target   string
		status   int
		ctype    string
		contains []string
	}{
		{"/", 200, "text/html", []string{`href="/?q=exosome"`, "Stored topics", "<svg class=\"spark\""}},
		{"/?q=exosome&q=extracellular+vesicles", 200, "text/html", []string{
			`<img src="/chart.svg?q=exosome&amp;q=extracellular&#43;vesicles"`, "Publications per year", "Growth", "Exact queries",
			`href="/compare.csv?q=exosome&amp;q=extracellular&#43;vesicles"`, "2025 is partial", "&lt;img src=&#34;http://example.com/chart.svg?"}},
		{"/chart.svg?q=exosome", 200, "image/svg+xml", []string{"<svg", "Publications on exosome in PubMed"}},
		{"/chart.png?q=exosome&width=800&height=600", 200, "image/png", []string{"\x89PNG"}},
		{"/chart.pdf?q=exosome", 200, "application/pdf", []string{"%PDF"}},
		{"/compare.json?q=exosome", 200, "application/json", []string{`"ranking_by_cagr"`}},
		{"/compare.csv?q=exosome&per100k=1", 200, "text/csv", []string{"year,partial,exosome,exosome_per_100k"}},
		{"/compare.md?q=exosome", 200, "text/markdown", []string{"| Year | exosome |"}},
		{"/healthz", 200, "application/json", []string{`"status":"ok"`, `"last_fetched":"`}},
		{style, 200, "text/css", []string{"prefers-color-scheme: dark"}},
		{"/nowhere", 404, "text/html", []string{"there is no page at this address"}},
		{"/assets/style.css", 404, "text/plain", []string{"there is no page at this address"}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := r.get(tt.target)
			if w.Code != tt.status {
				t.Fatalf("GET %s = %d, want %d\n%s", tt.target, w.Code, tt.status, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("Content-Type = %q, want %s", ct, tt.ctype)
			}
			for _, s := range tt.contains {
				if !strings.Contains(w.Body.String(), s) {
					t.Errorf("GET %s lacks %q", tt.target, s)
				}
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options: nosniff")
			}
			if w.Header().Get("Access-Control-Allow-Origin") != "" {
				t.Error("a CORS header: none is sent")
			}
		})
	}

	w := r.get("/?q=exosome")
	if csp := w.Header().Get("Content-Security-Policy"); csp != pageCSP || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("page CSP = %q", csp)
	}
	if w.Header().Get("X-Frame-Options") != "DENY" {
		t.Error("the page may be framed")
	}
	w = r.get("/chart.svg?q=exosome")
	if w.Header().Get("Cross-Origin-Resource-Policy") != "cross-origin" || !strings.Contains(w.Header().Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("chart headers: %v", w.Header())
	}

	post := httptest.NewRecorder()
	r.srv.ServeHTTP(post, httptest.NewRequest(http.MethodPost, "/?q=exosome", nil))
	if post.Code != http.StatusMethodNotAllowed || post.Header().Get("Allow") == "" {
		t.Errorf("POST / = %d (Allow %q), want 405", post.Code, post.Header().Get("Allow"))
	}
}

// TestSameAsTheCLI checks that the server's charts and comparisons are
// byte for byte what `pubtrend chart` and `pubtrend compare` write: one
// engine, two front ends.
func TestSameAsTheCLI(t *testing.T) {
	r := newRig(t, nil)
	db, err := store.Open(r.path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := dataset.NewCatalog(r.cfg, db)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"exosome", "extracellular vesicles"}
	req := dataset.Request{Args: args, Range: dataset.Range{From: 2018}, Offline: true, Totals: true}
	ds, _, err := dataset.Gather(t.Context(), r.cfg, r.path, cat, req, nil, testNow, nil)
	if err != nil {
		t.Fatal(err)
	}
	query := "q=exosome&q=extracellular+vesicles&from=2018"
	for _, f := range []report.Format{report.JSON, report.CSV, report.Markdown} {
		var want bytes.Buffer
		if err := report.Compare(ds).Write(&want, f, true); err != nil {
			t.Fatal(err)
		}
		ext := map[report.Format]string{report.JSON: "json", report.CSV: "csv", report.Markdown: "md"}[f]
		if got := r.get("/compare." + ext + "?" + query + "&per100k=1"); got.Body.String() != want.String() {
			t.Errorf("/compare.%s differs from compare --format %s:\n%s\nwant\n%s", ext, f, got.Body, want.String())
		}
	}
	var want bytes.Buffer
	err = report.Chart(&want, ds, report.ChartOptions{Style: charts.Lines, Width: 1000, Height: 600, Format: charts.SVG})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.get("/chart.svg?" + query + "&style=line&width=1000&height=600"); !bytes.Equal(got.Body.Bytes(), want.Bytes()) {
		t.Errorf("/chart.svg differs from chart -o x.svg (%d bytes, want %d)", got.Body.Len(), want.Len())
	}
}

func TestETagAndNotModified(t *testing.T) {
	r := newRig(t, nil)
	for _, target := range []string{"/chart.svg?q=exosome", "/?q=exosome", "/compare.json?q=exosome", "/"} {
		t.Run(target, func(t *testing.T) {
			first := r.get(target)
			tag := first.Header().Get("ETag")
			if first.Code != 200 || tag == "" {
				t.Fatalf("GET %s = %d, ETag %q", target, first.Code, tag)
			}
			for _, inm := range []string{tag, "W/" + tag, `"other", ` + tag, "*"} {
				w := r.get(target, "If-None-Match", inm)
				if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
					t.Errorf("If-None-Match: %s = %d with %d bytes, want 304 and none", inm, w.Code, w.Body.Len())
				}
				if w.Header().Get("ETag") != tag {
					t.Errorf("304's ETag = %q, want %q", w.Header().Get("ETag"), tag)
				}
			}
			if w := r.get(target, "If-None-Match", `"stale"`); w.Code != 200 {
				t.Errorf("If-None-Match of another tag = %d, want 200", w.Code)
			}
		})
	}

	chart := r.get("/chart.svg?q=exosome").Header().Get("ETag")
	r.commit("crispr", 2020, 1)
	if got := r.get("/chart.svg?q=exosome", "If-None-Match", chart); got.Code != http.StatusNotModified {
		t.Errorf("after a commit of another topic: %d, want 304 (its data did not change)", got.Code)
	}
	r.commit("exosome", 2020, 12345)
	got := r.get("/chart.svg?q=exosome", "If-None-Match", chart)
	if got.Code != 200 || got.Header().Get("ETag") == chart || !strings.Contains(got.Body.String(), "12,345") {
		t.Errorf("after a commit of the topic: %d, ETag %q (was %q); want 200, a new ETag and the new count", got.Code, got.Header().Get("ETag"), chart)
	}
}

func TestRenderCache(t *testing.T) {
	r := newRig(t, nil)
	renders := func() int64 { return r.srv.rendered.Load() }
	// Many requests at once for a chart not drawn yet: drawn once.
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if w := r.get("/chart.png?q=exosome"); w.Code != 200 {
				t.Errorf("GET = %d", w.Code)
			}
		})
	}
	wg.Wait()
	if n := renders(); n != 1 {
		t.Fatalf("20 concurrent requests drew %d charts, want 1", n)
	}
	// The same chart spelt differently is the same chart.
	r.get("/chart.png?q=exosome&style=auto&per100k=0&width=1600&from=")
	if n := renders(); n != 1 {
		t.Errorf("the same chart asked differently was drawn again (%d renders)", n)
	}
	r.get("/chart.png?q=exosome&width=800")
	if n := renders(); n != 2 {
		t.Errorf("another size: %d renders, want 2", n)
	}
	r.commit("crispr", 2016, 7)
	r.get("/chart.png?q=exosome")
	if n := renders(); n != 2 {
		t.Errorf("after a commit of another topic: %d renders, want 2 (cached)", n)
	}
	r.commit("exosome", 2016, 7)
	r.get("/chart.png?q=exosome")
	if n := renders(); n != 3 {
		t.Errorf("after a commit of the topic: %d renders, want 3", n)
	}
	// The cache stays within its budget.
	small := newRig(t, func(o *Options) { o.CacheBytes = 200 << 10 })
	for w := 400; w < 440; w++ {
		small.get("/chart.svg?q=exosome&width=" + strconv.Itoa(w))
	}
	if small.srv.bodies.used > 200<<10 {
		t.Errorf("cache holds %d bytes, budget %d", small.srv.bodies.used, 200<<10)
	}
	if small.srv.bodies.len() == 0 {
		t.Error("nothing cached")
	}
}

func TestProblems(t *testing.T) {
	r := newRig(t, nil)
	tests := []struct {
		target string
		status int
		want   []string
	}{
		{"/?q=brandnew", 404, []string{`no stored counts for &#34;brandnew&#34; in 2015-2025`, "start it with --fetch"}},
		{"/chart.svg?q=brandnew", 404, []string{`pubtrend: error: no stored counts for "brandnew" in 2015-2025`, "pubtrend: hint: this server shows stored counts only"}},
		{"/chart.svg", 400, []string{"q: name at least one topic"}},
		{"/chart.svg?q=exosome&log=1&style=bar", 400, []string{"a log scale needs lines", "style=line"}},
		{"/chart.svg?q=exosome&q=crispr&style=line&log=1&width=400&height=300", 400, []string{"pubtrend: error: chart: ", "too small"}},
		{"/?by=evidence&q=exosome", 404, []string{"no stored breakdown of &#34;exosome&#34; by evidence"}},
		{"/chart.svg?q=exosome&by=species&share=1", 404, []string{"no stored breakdown of \"exosome\" by species"}},
		{"/chart.svg?q=exosome&by=kinds", 400, []string{"no breakdown named \"kinds\": want evidence, species"}},
		{"/compare.json?q=exosome&share=1", 400, []string{"unknown parameter \"share\""}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := r.get(tt.target)
			if w.Code != tt.status {
				t.Fatalf("GET %s = %d, want %d\n%s", tt.target, w.Code, tt.status, w.Body)
			}
			for _, s := range tt.want {
				if !strings.Contains(w.Body.String(), s) {
					t.Errorf("GET %s lacks %q:\n%s", tt.target, s, w.Body)
				}
			}
			if w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("an error is cacheable: Cache-Control %q", w.Header().Get("Cache-Control"))
			}
		})
	}

	empty := newEmptyRig(t, nil)
	if w := empty.get("/"); w.Code != 200 || !strings.Contains(w.Body.String(), "Nothing has been collected yet") {
		t.Errorf("/ without a store = %d:\n%s", w.Code, w.Body)
	}
	if w := empty.get("/chart.svg?q=exosome"); w.Code != 404 || !strings.Contains(w.Body.String(), "nothing has been collected yet") {
		t.Errorf("/chart.svg without a store = %d:\n%s", w.Code, w.Body)
	}
	var h health
	if w := empty.get("/healthz"); w.Code != 503 || json.Unmarshal(w.Body.Bytes(), &h) != nil || h.Status == "ok" {
		t.Errorf("/healthz without a store = %d %s, want 503", w.Code, w.Body)
	}
}

func TestCanonicalPermalink(t *testing.T) {
	r := newRig(t, nil)
	w := r.get("/?q=exosome&q=&from=&to=&style=auto&q=+crispr+")
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/?q=exosome&q=crispr" {
		t.Errorf("a form's URL = %d to %q, want 303 to /?q=exosome&q=crispr", w.Code, w.Header().Get("Location"))
	}
	if w := r.get("/?q=&from="); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" {
		t.Errorf("an empty form = %d to %q, want 303 to /", w.Code, w.Header().Get("Location"))
	}
}

func TestRenderCap(t *testing.T) {
	r := newRig(t, func(o *Options) {
		o.MaxRenders = 1
		o.RenderWait = time.Millisecond
	})
	r.srv.turns <- struct{}{} // another render holds the only turn
	w := r.get("/chart.png?q=exosome")
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "1" || !strings.Contains(w.Body.String(), "busy") {
		t.Errorf("a render past the cap = %d %q:\n%s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
	<-r.srv.turns
	if w := r.get("/chart.png?q=exosome"); w.Code != 200 {
		t.Errorf("once the turn is free = %d, want 200", w.Code)
	}
}
