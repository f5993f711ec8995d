package dataset

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/collector/eutilstest"
	"github.com/pubtrend/pubtrend/config"
	"github.com/pubtrend/pubtrend/store"
	"github.com/pubtrend/pubtrend/timeline"
)

// testNow is a fixed "today": no test depends on the real date.
var testNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

const testConfig = `
years: {from: 2020}
topics:
  - name: exosome
    label: Exosomes
    query: exosome
    from: 2022
  - name: crispr
    query: CRISPR[tiab]
`

func parseConfig(t *testing.T, doc string) *config.Config {
	t.Helper()
	cfg, err := config.Parse(strings.NewReader(doc), "config.yaml", testNow)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// rig is a config, a store path in a temporary folder and a fake
// E-utilities server.
type rig struct {
	t    *testing.T
	cfg  *config.Config
	path string
	srv  *eutilstest.Server
}

func newRig(t *testing.T, doc string) *rig {
	srv := eutilstest.NewServer()
	t.Cleanup(srv.Close)
	srv.SetLimit(1000)
	cfg := parseConfig(t, doc)
	cfg.NCBI.BaseURL = srv.URL
	cfg.NCBI.MinBackoff = config.Duration(time.Millisecond)
	cfg.NCBI.MaxBackoff = config.Duration(5 * time.Millisecond)
	return &rig{t: t, cfg: cfg, path: filepath.Join(t.TempDir(), "pubtrend.db"), srv: srv}
}

func (r *rig) client() (*collector.Client, error) {
	return collector.New(r.cfg.ClientOptions(mustKey("test-key")))
}

func (r *rig) catalog() *Catalog {
	r.t.Helper()
	db, err := store.Open(r.path, store.Options{ReadOnly: true})
	if errors.Is(err, store.ErrNotExist) {
		db = nil
	} else if err != nil {
		r.t.Fatal(err)
	}
	if db != nil {
		defer db.Close()
	}
	c, err := NewCatalog(r.cfg, db)
	if err != nil {
		r.t.Fatal(err)
	}
	return c
}

func (r *rig) gather(req Request) (*Dataset, FillResult, error) {
	return Gather(context.Background(), r.cfg, r.path, r.catalog(), req, r.client, testNow, nil)
}

func names(ts []Topic) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Name+" ("+string(t.Origin)+")")
	}
	return out
}

func TestCatalogKnowsEveryStoredSeries(t *testing.T) {
	r := newRig(t, testConfig)
	// Before any collection: the config's topics only.
	if diff := cmp.Diff([]string{"exosome (config)", "crispr (config)"}, names(r.catalog().All())); diff != "" {
		t.Errorf("catalog before collecting (-want +got):\n%s", diff)
	}
	// An ad-hoc query, a config topic and an import.
	if _, _, err := r.gather(Request{Args: []string{"microbiome", "exosome"}, Range: Range{From: 2024, To: 2025}, Totals: true}); err != nil {
		t.Fatal(err)
	}
	tl := timeline.Timeline{Query: "microbiome", Rows: []timeline.Row{{Year: 2021, Count: 25210}, {Year: 2022, Count: 9705}}}
	if _, err := Import(r.catalog(), r.path, "microbiome-web", "", "PubMed_Timeline.csv", tl, testNow); err != nil {
		t.Fatal(err)
	}
	c := r.catalog()
	want := []string{"exosome (config)", "crispr (config)", "microbiome-web (import)", "PubMed total (totals)", "microbiome (query)"}
	if diff := cmp.Diff(want, names(c.All())); diff != "" {
		t.Errorf("catalog (-want +got):\n%s", diff)
	}
	web, err := c.Lookup("MICROBIOME-WEB")
	if err != nil {
		t.Fatal(err)
	}
	if web.File != "PubMed_Timeline.csv" || web.From != 2021 || web.To != 2022 || web.Query != "microbiome" {
		t.Errorf("imported topic = %+v, want file PubMed_Timeline.csv, 2021-2022, query microbiome", web)
	}
	// A query is found by its text; an unknown name suggests the closest.
	if q, err := c.Lookup("CRISPR[tiab]"); err != nil || q.Name != "crispr" {
		t.Errorf("Lookup(query text) = %+v, %v; want the crispr topic", q, err)
	}
	_, err = c.Lookup("exosme")
	var ue *UnknownTopicError
	if !errors.As(err, &ue) || ue.Closest != "exosome" || !errors.Is(err, ErrUnknownTopic) {
		t.Errorf("Lookup(exosme) = %v, want an UnknownTopicError suggesting exosome", err)
	}
	// Resolve: names, then queries; duplicates once; control characters refused.
	ts, err := c.Resolve([]string{"exosome", "Exosome", "exosome", "new query"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"exosome (config)", "new query (query)"}, names(ts)); diff != "" {
		t.Errorf("Resolve (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"", "  ", "a\x1b[2Jb"} {
		var ae *ArgumentError
		if _, err := c.Resolve([]string{bad}, true); !errors.As(err, &ae) {
			t.Errorf("Resolve(%q) = %v, want an ArgumentError", bad, err)
		}
	}
	if _, err := c.Resolve([]string{"new query"}, false); !errors.Is(err, ErrUnknownTopic) {
		t.Errorf("Resolve without queries = %v, want ErrUnknownTopic", err)
	}
}

func TestSelect(t *testing.T) {
	cfg := parseConfig(t, testConfig)
	topics := []Topic{
		{Name: "exosome", From: 2022, To: 2026},
		{Name: "adhoc"}, // takes the config's years
	}
	tests := []struct {
		name     string
		r        Range
		want     [][2]int
		from, to int
		wantErr  string
	}{
		{"own years", Range{}, [][2]int{{2022, 2026}, {2020, 2026}}, 2020, 2026, ""},
		{"from flag", Range{From: 2024}, [][2]int{{2024, 2026}, {2024, 2026}}, 2024, 2026, ""},
		{"both flags", Range{From: 2010, To: 2012}, [][2]int{{2010, 2012}, {2010, 2012}}, 2010, 2012, ""},
		{"reversed", Range{From: 2020, To: 2010}, nil, 0, 0, "--from 2020 is after --to 2010"},
		{"too early", Range{From: 1700}, nil, 0, 0, "year 1700 is out of range: PubMed years run from 1800 to 2027"},
		{"too late", Range{To: 2030}, nil, 0, 0, "year 2030 is out of range"},
		{"to before a topic's own from", Range{To: 2021}, nil, 0, 0, `topic "exosome": from 2022 is after to 2021`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sel, err := Select(topics, tt.r, cfg.Years, testNow)
			if tt.wantErr != "" {
				var ae *ArgumentError
				if !errors.As(err, &ae) || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("Select = %v, want an ArgumentError %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got [][2]int
			for _, tp := range sel.Topics {
				got = append(got, [2]int{tp.From, tp.To})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" || sel.From != tt.from || sel.To != tt.to {
				t.Errorf("Select years (-want +got):\n%s\nspan %d-%d, want %d-%d", diff, sel.From, sel.To, tt.from, tt.to)
			}
		})
	}
}

func TestGatherFillsOnlyWhatIsMissing(t *testing.T) {
	r := newRig(t, testConfig)
	r.srv.SetCount("exosome", 2024, 1500)
	r.srv.SetCount("exosome", 2025, 0)
	r.srv.SetCount("all[sb]", 2024, 1_000_000)
	req := Request{Args: []string{"exosome"}, Range: Range{From: 2023}, Totals: true}
	ds, fill, err := r.gather(req)
	if err != nil {
		t.Fatal(err)
	}
	// 2023-2026 for the topic, and PubMed's totals for the same years.
	if got := len(r.srv.Requests()); got != 8 || fill.Report.Stored != 8 {
		t.Errorf("first gather sent %d requests, stored %d; want 8 and 8", got, fill.Report.Stored)
	}
	years := ds.Years(ds.Series[0])
	if len(years) != 4 {
		t.Fatalf("Years = %d rows, want 2023-2026", len(years))
	}
	y2024, y2025, y2026 := years[1], years[2], years[3]
	if *y2024.Count != 1500 || *y2024.Per100k != 150 || y2024.Partial {
		t.Errorf("2024 = count %d, per 100k %v, partial %v; want 1500, 150, complete", *y2024.Count, *y2024.Per100k, y2024.Partial)
	}
	if y2025.Count == nil || *y2025.Count != 0 {
		t.Errorf("2025 = %v, want a stored zero", y2025.Count)
	}
	if !y2026.Partial {
		t.Error("2026 (the current year) is not partial")
	}

	// Everything is stored now: a second gather sends nothing.
	r.srv.ResetRequests()
	if _, _, err := r.gather(req); err != nil {
		t.Fatal(err)
	}
	if got := len(r.srv.Requests()); got != 0 {
		t.Errorf("second gather sent %d requests, want 0", got)
	}

	// Offline, a wider range is missing years, never zeros.
	ds, _, err = r.gather(Request{Args: []string{"exosome"}, Range: Range{From: 2020}, Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{2020, 2021, 2022}, ds.Missing(ds.Series[0])); diff != "" {
		t.Errorf("Missing (-want +got):\n%s", diff)
	}
	if got := len(r.srv.Requests()); got != 0 {
		t.Errorf("offline gather sent %d requests", got)
	}
}

func TestGatherReportsWhatCannotBeDrawn(t *testing.T) {
	r := newRig(t, testConfig)
	if _, _, err := r.gather(Request{Args: []string{"exosome"}, Range: Range{From: 2025}}); err != nil {
		t.Fatal(err)
	}

	// Offline, a topic with no stored count at all.
	_, _, err := r.gather(Request{Args: []string{"crispr"}, Offline: true})
	var nd *NoDataError
	if !errors.As(err, &nd) || nd.Topic.Name != "crispr" || !nd.Offline {
		t.Errorf("offline gather of an uncollected topic = %v, want a NoDataError marked offline", err)
	}

	// A query that found nothing in any year is real zeros, marked empty.
	for y := 2020; y <= 2026; y++ {
		r.srv.SetCount("nothingxyz", y, 0)
	}
	ds, _, err := r.gather(Request{Args: []string{"nothingxyz"}})
	if err != nil || !ds.Empty(ds.Series[0]) || *ds.Years(ds.Series[0])[0].Count != 0 {
		t.Errorf("gather(nothingxyz) = %v; want its zeros, marked empty", err)
	}

	// While another collection holds the lock, nothing is fetched and the
	// skipped counts are reported.
	unlock, err := lockCollection(r.path)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	r.srv.ResetRequests()
	_, fill, err := r.gather(Request{Args: []string{"brand new"}})
	if !errors.As(err, &nd) || !nd.Skipped || fill.Skipped != 7 {
		t.Errorf("gather during a collection = %v (skipped %d), want a NoDataError marked skipped, 7 skipped", err, fill.Skipped)
	}
	if got := len(r.srv.Requests()); got != 0 {
		t.Errorf("gather during a collection sent %d requests", got)
	}
	cl, _ := r.client()
	sel, _ := Select([]Topic{{Name: "x", Query: "x"}}, Range{}, r.cfg.Years, testNow)
	if _, err := Collect(context.Background(), cl, r.path, Need{Sel: sel, Refresh: Missing}, testNow, nil); !errors.Is(err, ErrCollecting) {
		t.Errorf("Collect during a collection = %v, want ErrCollecting", err)
	}
}

func mustKey(s string) collector.APIKey {
	k, err := collector.ParseAPIKey(s)
	if err != nil {
		panic(err)
	}
	return k
}
