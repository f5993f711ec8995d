package dataset

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/pubtrend/pubtrend/breakdown"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/collector/eutilstest"
	"github.com/pubtrend/pubtrend/config"
)

// corpusRig is a store and an in-memory fake E-utilities server that
// answers from a synthetic PubMed, whose every count is a set size: the
// engine's numbers can be checked against the corpus itself.
type corpusRig struct {
	t      *testing.T
	cfg    *config.Config
	path   string
	srv    *eutilstest.Server
	corpus *eutilstest.Corpus
}

func newCorpusRig(t *testing.T, doc string) *corpusRig {
	srv := eutilstest.NewMemoryServer()
	t.Cleanup(srv.Close)
	srv.SetLimit(1000)
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{Today: testNow})
	srv.UseCorpus(c)
	cfg := parseConfig(t, doc)
	return &corpusRig{t: t, cfg: cfg, path: filepath.Join(t.TempDir(), "pubtrend.db"), srv: srv, corpus: c}
}

func (r *corpusRig) client() (*collector.Client, error) {
	opts := r.cfg.ClientOptions(mustKey("test-key"))
	opts.BaseURL = "http://127.0.0.1/entrez/eutils/"
	opts.Transport = r.srv.Transport()
	return collector.New(opts)
}

func (r *corpusRig) gather(req Request) (*Dataset, FillResult, error) {
	rr := &rig{t: r.t, cfg: r.cfg, path: r.path}
	return Gather(context.Background(), r.cfg, r.path, rr.catalog(), req, r.client, testNow, nil)
}

const breakdownConfig = `
years: {from: 2015}
breakdowns:
  - name: design
    parts:
      - {key: trials, label: Trials, query: '"clinical trial"[pt]'}
      - {key: reviews, label: Reviews, query: 'review[pt]'}
      - {key: humans, label: Humans, query: 'humans[mh]'}
      - {key: rest, label: The rest}
topics:
  - name: exosome
    query: exosome
  - name: crispr
    query: crispr OR "gene editing"
`

// TestBreakdownPartsAddUpExactly fetches built-in and user-defined
// breakdowns through the engine and checks every year against the
// synthetic PubMed: each part is PubMed's count of its query, the parts
// add up to the topic exactly, and a second look fetches nothing.
func TestBreakdownPartsAddUpExactly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newCorpusRig(t, breakdownConfig)
		for _, by := range []string{"evidence", "species", "design"} {
			ds, _, err := r.gather(Request{Args: []string{"exosome", "crispr"}, By: by})
			if err != nil {
				t.Fatalf("--by %s: %v", by, err)
			}
			for _, s := range ds.Series {
				if s.Split == nil || len(s.Split.Years) != 12 || len(s.Split.Unmatched) != 0 {
					t.Fatalf("%s by %s: split of %d years, %v unmatched; want all 12 of 2015-2026", s.Name, by, len(s.Split.Years), s.Split.Unmatched)
				}
				for y, parts := range s.Split.Years {
					topic := r.corpus.Count(collector.Term(s.Query, y))
					if *ds.Years(s)[y-s.From].Count != topic {
						t.Errorf("%s %d: topic count %d, corpus %d", s.Name, y, *ds.Years(s)[y-s.From].Count, topic)
					}
					var sum int64
					for i, p := range parts {
						sum += p.Count
						if q := s.Split.Queries[i]; q != "" {
							if want := r.corpus.Count(collector.Term(q, y)); p.Count != want {
								t.Errorf("%s %d %s/%s = %d, PubMed's count of its query %d", s.Name, y, by, p.Key, p.Count, want)
							}
						}
					}
					if sum != topic {
						t.Errorf("%s %d by %s: parts add up to %d, topic %d", s.Name, y, by, sum, topic)
					}
				}
			}
			// Everything is stored: looking again sends nothing.
			r.srv.ResetRequests()
			if _, _, err := r.gather(Request{Args: []string{"exosome", "crispr"}, By: by}); err != nil {
				t.Fatal(err)
			}
			if n := len(r.srv.Requests()); n != 0 {
				t.Errorf("--by %s again sent %d requests, want 0", by, n)
			}
		}
	})
}

// TestBreakdownNeverMixesCollections: a topic's parts are combined only
// with the topic's count of the same collection. A part refreshed alone
// leaves its year unmatched, and the next breakdown fetches that year's
// whole group again rather than subtract counts of different days. The
// topic refreshed alone (a daily collection) breaks nothing: its history
// keeps the count of the parts' collection.
func TestBreakdownNeverMixesCollections(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newCorpusRig(t, breakdownConfig)
		req := Request{Args: []string{"exosome"}, Range: Range{From: 2024}, By: "evidence"}
		ds, _, err := r.gather(req)
		if err != nil {
			t.Fatal(err)
		}
		before := ds.Series[0].Split.Totals[2025]
		cl, _ := r.client()
		full := collector.Refresh{Full: true}
		refresh := func(name, query string) {
			t.Helper()
			sel, _ := Select([]Topic{{Name: name, Query: query, Series: esearchSeries(query)}}, Range{From: 2025, To: 2025}, r.cfg.Years, testNow)
			if _, err := Collect(context.Background(), cl, r.path, Need{Sel: sel, Refresh: full}, testNow, nil); err != nil {
				t.Fatal(err)
			}
		}
		offline := func() *Split {
			t.Helper()
			ds, _, err := r.gather(Request{Args: []string{"exosome"}, Range: Range{From: 2024}, By: "evidence", Offline: true})
			if err != nil {
				t.Fatal(err)
			}
			return ds.Series[0].Split
		}

		// The topic alone: still combined, with the count of its run.
		refresh("exosome", "exosome")
		if sp := offline(); sp.Totals[2025] != before || len(sp.Unmatched) != 0 {
			t.Errorf("after refreshing the topic alone: 2025 total %d (want %d), unmatched %v", sp.Totals[2025], before, sp.Unmatched)
		}

		// One part alone: 2025's counts are of two runs, not combined.
		rcts := breakdownEvidence(t).Query("exosome", 1)
		refresh("exosome/evidence/rcts", rcts)
		if sp := offline(); sp.Years[2025] != nil || len(sp.Unmatched) != 1 || sp.Unmatched[0] != 2025 {
			t.Errorf("after refreshing a part alone: 2025 combined %v, unmatched %v; want 2025 unmatched", sp.Years[2025] != nil, sp.Unmatched)
		}
		// Online, 2025's whole group is fetched again, and only 2025's.
		r.srv.ResetRequests()
		ds, _, err = r.gather(req)
		if err != nil {
			t.Fatal(err)
		}
		years := make(map[int]int)
		for _, q := range r.srv.Requests() {
			years[q.Year]++
		}
		if len(years) != 1 || years[2025] != 8 {
			t.Errorf("requests by year = %v, want the 8 counts of 2025's group", years)
		}
		if _, ok := ds.Series[0].Split.Years[2025]; !ok {
			t.Error("2025 is still not combined after fetching its group again")
		}
	})
}

// TestBreakdownsShareTheTopic: two breakdowns of one topic, asked in turn,
// each keep their own collection; neither makes the other fetch again.
func TestBreakdownsShareTheTopic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newCorpusRig(t, breakdownConfig)
		ask := func(by string) int {
			t.Helper()
			r.srv.ResetRequests()
			if _, _, err := r.gather(Request{Args: []string{"exosome"}, Range: Range{From: 2023}, By: by}); err != nil {
				t.Fatal(err)
			}
			return len(r.srv.Requests())
		}
		ask("evidence")
		ask("species")
		if n := ask("evidence"); n != 0 {
			t.Errorf("evidence after species sent %d requests, want 0", n)
		}
		if n := ask("species"); n != 0 {
			t.Errorf("species after evidence sent %d requests, want 0", n)
		}
	})
}

// TestBreakdownMarksIndexingLag: the synthetic PubMed indexes records with
// a lag, so the latest years are flagged with their not-yet-indexed share
// and settled years are not.
func TestBreakdownMarksIndexingLag(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newCorpusRig(t, breakdownConfig)
		ds, _, err := r.gather(Request{Args: []string{"exosome"}, Range: Range{From: 2015}, By: "species"})
		if err != nil {
			t.Fatal(err)
		}
		ix := ds.Series[0].Split.Indexing
		if !ix[2026].Lagging || ix[2026].NotYetShare < 0.2 {
			t.Errorf("2026 indexing = %+v, want flagged with a large share not yet indexed", ix[2026])
		}
		for y := 2015; y <= 2023; y++ {
			if ix[y].Lagging {
				t.Errorf("settled year %d flagged as not yet indexed: %+v", y, ix[y])
			}
		}
	})
}

// TestDistinctRecords counts each topic's distinct records over its
// complete years with one request, which equals the corpus's set size and
// is below the sum of yearly counts ([dp] counts some records twice).
func TestDistinctRecords(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newCorpusRig(t, breakdownConfig)
		ds, _, err := r.gather(Request{Args: []string{"exosome"}, Distinct: true})
		if err != nil {
			t.Fatal(err)
		}
		d := ds.Series[0].Distinct
		if d == nil || d.From != 2015 || d.To != 2025 {
			t.Fatalf("Distinct = %+v, want 2015-2025 (the complete years)", d)
		}
		if want := r.corpus.Count(collector.RangeTerm("exosome", 2015, 2025)); d.Count != want {
			t.Errorf("distinct records = %d, corpus %d", d.Count, want)
		}
		var sum int64
		for _, y := range ds.Years(ds.Series[0]) {
			if !y.Partial {
				sum += *y.Count
			}
		}
		if d.Count >= sum {
			t.Errorf("distinct records %d not below the sum of yearly counts %d", d.Count, sum)
		}
	})
}

func TestUnknownBreakdown(t *testing.T) {
	r := newRig(t, testConfig)
	_, _, err := r.gather(Request{Args: []string{"exosome"}, By: "evidance"})
	if err == nil || !strings.Contains(err.Error(), `no breakdown named "evidance": want evidence, species`) {
		t.Errorf("--by evidance = %v, want the list of breakdowns", err)
	}
}

func breakdownEvidence(t *testing.T) breakdown.Breakdown {
	t.Helper()
	b, ok := breakdown.Lookup("evidence")
	if !ok {
		t.Fatal("no evidence breakdown")
	}
	return b
}
