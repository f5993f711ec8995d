package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pubtrend/pubtrend/store"
	bolt "go.etcd.io/bbolt"
)

func webImport(name, query, day string, counts map[int]int64) store.Import {
	return store.Import{Name: name, Query: query, File: name + ".csv", At: at(day + "T09:00:00Z"),
		Source: "pubmed web timeline, imported " + name + ".csv on " + day, Counts: counts}
}

// latestCounts returns the newest count of every year of s.
func latestCounts(t *testing.T, db *store.DB, s store.Series) map[int]int64 {
	t.Helper()
	l, err := db.Latest(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[int]int64)
	for y, o := range l {
		out[y] = o.Count
	}
	return out
}

// TestImportsKeepTheirOwnSeries imports two files of the same query under
// two names beside an ESearch series of that query: each name reads its
// own counts, and re-importing one appends to its history only.
func TestImportsKeepTheirOwnSeries(t *testing.T) {
	db, _ := openTemp(t)
	if err := db.Append(obs(exosome, 2019, 2141, "2026-01-01T00:00:00Z")); err != nil {
		t.Fatal(err)
	}
	a, err := db.Import(webImport("web-a", "exosome", "2026-02-10", map[int]int64{2019: 100, 2020: 200}))
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.Import(webImport("web-b", "exosome", "2026-02-11", map[int]int64{2019: 999}))
	if err != nil {
		t.Fatal(err)
	}
	if a == b || a == exosome || b == exosome {
		t.Fatalf("imports share a series: web-a %v, web-b %v, esearch %v", a, b, exosome)
	}
	names, err := db.Names()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]store.Series{"web-a": a, "web-b": b}, names); diff != "" {
		t.Errorf("Names() mismatch (-want +got):\n%s", diff)
	}
	if a.Query != "exosome" {
		t.Errorf("imported series query = %q, want the file's query", a.Query)
	}

	// Re-importing web-a appends to its history and nothing else.
	if _, err := db.Import(webImport("web-a", "exosome", "2026-03-10", map[int]int64{2019: 101})); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		s    store.Series
		want map[int]int64
	}{
		{a, map[int]int64{2019: 101, 2020: 200}},
		{b, map[int]int64{2019: 999}},
		{exosome, map[int]int64{2019: 2141}},
	} {
		if diff := cmp.Diff(tc.want, latestCounts(t, db, tc.s)); diff != "" {
			t.Errorf("Latest(%v) mismatch (-want +got):\n%s", tc.s, diff)
		}
	}
	h, err := db.History(a, 2019)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[0].Count != 100 || h[1].Count != 101 || h[0].Source == "" {
		t.Errorf("History(web-a, 2019) = %+v, want the first import then the second", h)
	}
}

// TestImportIsOneTransaction: an import with a bad count stores neither
// counts nor name.
func TestImportIsOneTransaction(t *testing.T) {
	db, _ := openTemp(t)
	bad := webImport("web-a", "exosome", "2026-02-10", map[int]int64{2019: 100, 2020: -1})
	if _, err := db.Import(bad); err == nil {
		t.Fatal("Import with a negative count succeeded")
	}
	for _, im := range []store.Import{
		webImport("", "exosome", "2026-02-10", map[int]int64{2019: 1}),
		{Name: "no-source", Query: "exosome", At: at("2026-02-10T00:00:00Z"), Counts: map[int]int64{2019: 1}},
		webImport("none", "exosome", "2026-02-10", nil),
		webImport("nul\x00", "exosome", "2026-02-10", map[int]int64{2019: 1}),
	} {
		if _, err := db.Import(im); err == nil {
			t.Errorf("Import(%+v) succeeded, want an error", im)
		}
	}
	names, _ := db.Names()
	list, _ := db.SeriesList()
	if len(names) != 0 || len(list) != 0 {
		t.Errorf("after failed imports: names %v, series %v; want none", names, list)
	}
}

// TestImportAnotherQueryMovesTheName: the same name with another query
// is a new series; the old one is kept.
func TestImportAnotherQueryMovesTheName(t *testing.T) {
	db, _ := openTemp(t)
	old, err := db.Import(webImport("web", "exosome", "2026-02-10", map[int]int64{2019: 100}))
	if err != nil {
		t.Fatal(err)
	}
	cur, err := db.Import(webImport("web", "exosomes", "2026-02-11", map[int]int64{2019: 150}))
	if err != nil {
		t.Fatal(err)
	}
	names, _ := db.Names()
	if names["web"] != cur || cur == old {
		t.Errorf("Names()[web] = %v, want the new series %v", names["web"], cur)
	}
	if got := latestCounts(t, db, old); got[2019] != 100 {
		t.Errorf("the earlier import's count = %d, want 100 (kept)", got[2019])
	}
}

// TestImportIntoSchema1Store: a schema-1 store's shared import series
// stays as it was; a new import under one of its names gets its own.
func TestImportIntoSchema1Store(t *testing.T) {
	p := schema1(t, "schema1.db")
	db, err := store.Open(p, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Import(webImport("web-a", "exosome", "2026-04-01", map[int]int64{2019: 2001}))
	if err != nil {
		t.Fatal(err)
	}
	names, _ := db.Names()
	want := map[string]store.Series{"web-a": a, "web-b": schema1Web}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("Names() mismatch (-want +got):\n%s", diff)
	}
	h, err := db.History(schema1Web, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(schema1WebObs, h); diff != "" {
		t.Errorf("the schema-1 shared series changed (-want +got):\n%s", diff)
	}
	if err := db.Verify(); err != nil {
		t.Errorf("Verify() = %v", err)
	}
}

// TestVerifyFindsANameThatLostItsSeries changes where a name points, as
// damage to its value would: Verify reports it.
func TestVerifyFindsANameThatLostItsSeries(t *testing.T) {
	db, p := openTemp(t)
	if _, err := db.Import(webImport("web-a", "exosome", "2026-02-10", map[int]int64{2019: 1})); err != nil {
		t.Fatal(err)
	}
	db.Close()
	damaged(t, p, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("names")).Put([]byte("web-a"), []byte("import:web-b\x00exosome"))
	})
}
