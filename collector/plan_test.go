package collector_test

import (
	"net/http"
	"path/filepath"
	"sort"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
)

func TestPlanIncremental(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := store.Series{Query: "exosome", Field: collector.DateField}
	at := func(ago time.Duration) time.Time { return now.Add(-ago) }
	day := 24 * time.Hour
	seed := []store.Observation{
		{Series: s, Year: 2020, Count: 1, FetchedAt: at(10 * day)}, // settled, fresh
		{Series: s, Year: 2021, Count: 1, FetchedAt: at(40 * day)}, // settled, stale
		{Series: s, Year: 2025, Count: 1, FetchedAt: at(2 * time.Hour)},
		{Series: s, Year: 2026, Count: 1, FetchedAt: at(21 * time.Hour)}, // recent, stale
		// An imported count does not make a year fresh.
		{Series: s, Year: 2022, Count: 9, FetchedAt: at(time.Hour), Source: "pubmed web timeline"},
	}
	if err := db.Append(seed...); err != nil {
		t.Fatal(err)
	}
	wants := []collector.Want{{Name: "exosome", Query: "exosome", From: 2020, To: 2026}}

	tests := []struct {
		name    string
		refresh collector.Refresh
		want    map[int]string
	}{
		{"default", collector.DefaultRefresh, map[int]string{2021: "settled", 2022: "new", 2023: "new", 2024: "new", 2026: "recent"}},
		{"full", collector.Refresh{Recent: time.Hour, Settled: time.Hour, Full: true},
			map[int]string{2020: "full", 2021: "full", 2022: "new", 2023: "new", 2024: "new", 2025: "full", 2026: "full"}},
		{"long intervals", collector.Refresh{Recent: 30 * day, Settled: 365 * day}, map[int]string{2022: "new", 2023: "new", 2024: "new"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jobs, err := collector.Plan(db, wants, tt.refresh, now)
			if err != nil {
				t.Fatal(err)
			}
			got := make(map[int]string)
			for _, j := range jobs {
				got[j.Year] = j.Why
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Plan mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlanSharesSeries(t *testing.T) {
	wants := []collector.Want{
		{Name: "a", Query: "same", From: 2020, To: 2021},
		{Name: "b", Query: "same", From: 2021, To: 2022},
		collector.Totals(2020, 2022),
	}
	jobs, err := collector.Plan(nil, wants, collector.DefaultRefresh, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 6 {
		t.Fatalf("Plan = %d jobs, want 6 (3 years of the shared query, 3 totals)", len(jobs))
	}
	if diff := cmp.Diff([]string{"a", "b"}, jobs[1].Names); diff != "" {
		t.Errorf("2021 job names mismatch (-want +got):\n%s", diff)
	}
	sum := collector.Summary(jobs)
	if diff := cmp.Diff(map[string]int{"a": 2, "b": 2, "": 3}, sum); diff != "" {
		t.Errorf("Summary mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a", "b", ""}, collector.SortedNames(sum)); diff != "" {
		t.Errorf("SortedNames mismatch (-want +got):\n%s", diff)
	}
}

// TestPacingStaysUnderNCBILimit runs the client at its default rate
// against a server that enforces NCBI's own 3/s, on fake time: paced by
// the client, no request may be refused, although requests overlap in
// flight.
func TestPacingStaysUnderNCBILimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemoryServer(t)
		srv.SetLimit(0) // NCBI's: 3/s without a key
		srv.SetLatency(100*time.Millisecond, 900*time.Millisecond)
		c := newMemoryClient(t, srv, func(o *collector.Options) { o.Rate = 0; o.MaxTries = 1 })
		jobs, _ := collector.Plan(nil, []collector.Want{{Name: "x", Query: "x", From: 1991, To: 2020}}, collector.DefaultRefresh, time.Now())
		rep, err := c.Collect(t.Context(), jobs, func([]store.Observation) error { return nil }, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Stored != 30 {
			t.Errorf("stored %d, want 30", rep.Stored)
		}
		reqs := srv.Requests()
		for _, r := range reqs {
			if r.Status == http.StatusTooManyRequests {
				t.Fatalf("server refused a request with 429 at the default rate")
			}
		}
		// Unless a request leaves before the previous answer is back,
		// latency costs throughput.
		overlap := false
		sort.Slice(reqs, func(i, j int) bool { return reqs[i].At.Before(reqs[j].At) })
		for i := 1; i < len(reqs); i++ {
			overlap = overlap || reqs[i].At.Before(reqs[i-1].Done)
		}
		if !overlap {
			t.Error("no two requests were in flight at once: the client is sequential")
		}
	})
}

// TestSlowsDownOn429 runs the client against a server whose limit is below
// the client's rate: the client slows down on 429 and still stores every
// count.
func TestSlowsDownOn429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemoryServer(t)
		srv.SetLimit(2)
		c := newMemoryClient(t, srv, func(o *collector.Options) {
			fast(o)
			o.MinBackoff, o.MaxBackoff, o.MaxTries = 200*time.Millisecond, time.Second, 10
		})
		jobs, _ := collector.Plan(nil, []collector.Want{{Name: "x", Query: "x", From: 2015, To: 2020}}, collector.DefaultRefresh, time.Now())
		rep, err := c.Collect(t.Context(), jobs, func([]store.Observation) error { return nil }, nil)
		if err != nil || rep.Stored != 6 {
			t.Fatalf("Collect = stored %d, %v; want 6, nil", rep.Stored, err)
		}
		refused := 0
		for _, r := range srv.Requests() {
			if r.Status == http.StatusTooManyRequests {
				refused++
			}
		}
		if refused == 0 {
			t.Fatal("the server refused nothing: the test proved nothing")
		}
		if c.CurrentRate() >= c.Rate() {
			t.Errorf("after %d refusals the client still runs at %.2g/s, want below its configured %.2g/s", refused, c.CurrentRate(), c.Rate())
		}
	})
}

func TestDistinctWantIsOneRangeCount(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	w := collector.Want{Name: "exosome", Query: "exosome", From: 2015, To: 2024, Distinct: true}
	jobs, err := collector.Plan(nil, []collector.Want{w, {Name: "exosome", Query: "exosome", From: 2024, To: 2024}}, collector.DefaultRefresh, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 2 {
		t.Fatalf("Plan = %v, want one range job and one year job", jobs)
	}
	if got, want := jobs[0].Term(), "(exosome) AND 2015:2024[dp]"; got != want {
		t.Errorf("range job term = %q, want %q", got, want)
	}
	if got, want := jobs[1].Term(), "(exosome) AND 2024:2024[dp]"; got != want {
		t.Errorf("year job term = %q, want %q", got, want)
	}
	if jobs[0].Series == jobs[1].Series {
		t.Error("the range count shares the yearly series")
	}
	// Another start is another series: ranges never mix.
	if collector.RangeSeries("exosome", 2015) == collector.RangeSeries("exosome", 2016) {
		t.Error("ranges with different starts share a series")
	}
}
