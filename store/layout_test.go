package store_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pubtrend/pubtrend/store"
	bolt "go.etcd.io/bbolt"
)

// schema1 copies a store written by pubtrend's schema-1 code (see
// testdata/README) into a temporary directory.
func schema1(t *testing.T, name string) string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name+".gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func at(s string) time.Time {
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return v
}

// The contents of testdata/schema1*.db, as the schema-1 code wrote them.
var (
	schema1Web     = store.Series{Query: "exosome", Field: "timeline"}
	schema1Totals  = store.Series{Query: "all[sb]", Field: "dp"}
	schema1Exosome = []store.Observation{
		{Series: exosome, Year: 2019, Count: 2101, FetchedAt: at("2025-05-06T10:00:00.123456789Z"), Translation: `"exosomes"[MeSH Terms] OR exosome[All Fields]`},
		{Series: exosome, Year: 2019, Count: 2140, FetchedAt: at("2026-01-02T03:04:05Z"), Translation: `"exosomes"[MeSH Terms] OR exosome[All Fields]`},
		{Series: exosome, Year: 2019, Count: 2141, FetchedAt: at("2026-03-01T00:00:00Z"), Translation: `"exosomes"[MeSH Terms]`,
			Warnings: []store.Warning{{Kind: "phrasesnotfound", Text: "exosme"}, {Kind: "outputmessages", Text: "No items found."}}},
		{Series: exosome, Year: 2020, Count: 3050, FetchedAt: at("2026-01-02T03:04:05Z")},
		{Series: exosome, Year: 2025, Count: 0, FetchedAt: at("2026-01-02T03:04:05Z")},
		{Series: exosome, Year: 2025, Count: 1779, FetchedAt: at("2026-02-02T03:04:05Z")},
	}
	schema1TotalsObs = []store.Observation{
		{Series: schema1Totals, Year: 2019, Count: 1536467, FetchedAt: at("2026-01-02T03:04:05Z"), Translation: "all[sb] AND 2019:2019[dp]"},
	}
	schema1WebObs = []store.Observation{
		{Series: schema1Web, Year: 2019, Count: 2000, FetchedAt: at("2026-02-10T09:00:00Z"), Source: "pubmed web timeline, imported web-a.csv on 2026-02-10"},
		{Series: schema1Web, Year: 2019, Count: 2222, FetchedAt: at("2026-02-11T09:00:00Z"), Source: "pubmed web timeline, imported web-b.csv on 2026-02-11"},
		{Series: schema1Web, Year: 2020, Count: 3000, FetchedAt: at("2026-02-10T09:00:00Z"), Source: "pubmed web timeline, imported web-a.csv on 2026-02-10"},
	}
)

// schema1Files are the schema-1 stores in testdata, and whether they hold
// an import (and with it a names bucket).
var schema1Files = []struct {
	file      string
	withNames bool
}{{"schema1.db", true}, {"schema1-nonames.db", false}}

// checkSchema1Contents asserts that db holds exactly what the schema-1
// code wrote into testdata/schema1.db (withNames) or schema1-nonames.db.
func checkSchema1Contents(t *testing.T, db *store.DB, withNames bool) {
	t.Helper()
	want := map[store.Series][]store.Observation{exosome: schema1Exosome, schema1Totals: schema1TotalsObs}
	wantNames := map[string]store.Series{}
	if withNames {
		want[schema1Web] = schema1WebObs
		wantNames = map[string]store.Series{"web-a": schema1Web, "web-b": schema1Web}
	}
	list, err := db.SeriesList()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(want) {
		t.Errorf("SeriesList() = %v, want %d series", list, len(want))
	}
	for s, w := range want {
		got, err := db.History(s, 0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("History(%v) mismatch (-want +got):\n%s", s, diff)
		}
	}
	latest, err := db.Latest(exosome, store.FromESearch)
	if err != nil {
		t.Fatal(err)
	}
	if got := latest[2019].Count; got != 2141 {
		t.Errorf("Latest(exosome)[2019] = %d, want 2141", got)
	}
	names, err := db.Names()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantNames, names); diff != "" {
		t.Errorf("Names() mismatch (-want +got):\n%s", diff)
	}
	if l, err := db.Labels(); err != nil || len(l) != 0 {
		t.Errorf("Labels() = %v, %v; want none", l, err)
	}
	if r, err := db.LatestRefusals(exosome); err != nil || len(r) != 0 {
		t.Errorf("LatestRefusals() = %v, %v; want none", r, err)
	}
	if err := db.Verify(); err != nil {
		t.Errorf("Verify() = %v", err)
	}
}

// TestSchema1ReadOnlyReadsExactly opens stores written by the schema-1
// code read-only: they read exactly as written, and the file is not
// changed (no upgrade without a writer).
func TestSchema1ReadOnlyReadsExactly(t *testing.T) {
	for _, tc := range schema1Files {
		t.Run(tc.file, func(t *testing.T) {
			p := schema1(t, tc.file)
			before, _ := os.ReadFile(p)
			db, err := store.Open(p, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			checkSchema1Contents(t, db, tc.withNames)
			db.Close()
			if after, _ := os.ReadFile(p); !bytes.Equal(before, after) {
				t.Error("a read-only open changed the file")
			}
		})
	}
}

// TestSchema1UpgradesOnWritableOpen opens schema-1 stores writable: the
// layout becomes schema 2 (every top-level bucket, schema "2") and every
// committed count and name reads exactly as before.
func TestSchema1UpgradesOnWritableOpen(t *testing.T) {
	for _, tc := range schema1Files {
		t.Run(tc.file, func(t *testing.T) {
			p := schema1(t, tc.file)
			db, err := store.Open(p, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkSchema1Contents(t, db, tc.withNames)
			db.Close()

			if got := topLevel(t, p); !cmp.Equal(got, map[string]bool{"meta": true, "series": true, "names": true, "labels": true, "refusals": true}) {
				t.Errorf("top-level buckets after upgrade = %v", got)
			}
			if got := schemaOf(t, p); got != "2" {
				t.Errorf("schema after upgrade = %q, want \"2\"", got)
			}
			db, err = store.Open(p, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			checkSchema1Contents(t, db, tc.withNames)
		})
	}
}

func TestNewStoreHasEveryBucket(t *testing.T) {
	db, p := openTemp(t)
	db.Close()
	if got := topLevel(t, p); !cmp.Equal(got, map[string]bool{"meta": true, "series": true, "names": true, "labels": true, "refusals": true}) {
		t.Errorf("top-level buckets of a new store = %v", got)
	}
	if got := schemaOf(t, p); got != "2" {
		t.Errorf("schema of a new store = %q, want \"2\"", got)
	}
}

// withBolt opens a closed store file with bbolt itself, to damage it.
func withBolt(t *testing.T, path string, fn func(*bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// damaged changes a closed store with bbolt as fn says, opens it
// read-only and checks that Verify reports the damage.
func damaged(t *testing.T, path string, fn func(*bolt.Tx) error) *store.DB {
	t.Helper()
	withBolt(t, path, fn)
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Verify(); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("Verify() = %v, want ErrCorrupt", err)
	}
	return db
}

func topLevel(t *testing.T, path string) map[string]bool {
	t.Helper()
	got := map[string]bool{}
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			got[string(name)] = true
			return nil
		})
	})
	return got
}

func schemaOf(t *testing.T, path string) string {
	t.Helper()
	var v string
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.View(func(tx *bolt.Tx) error {
		if m := tx.Bucket([]byte("meta")); m != nil {
			v = string(m.Get([]byte("schema")))
		}
		return nil
	})
	return v
}

// storeWithData writes a closed schema-2 store holding one count.
func storeWithData(t *testing.T) string {
	t.Helper()
	db, p := openTemp(t)
	if err := db.Append(obs(exosome, 2020, 5, "2026-01-01T00:00:00Z")); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return p
}

// refusedAsDamaged checks that both opens of path fail with ErrCorrupt,
// that the writable one leaves the file as it was, and that Verify
// reports the damage of a store Open would not have let it see.
func refusedAsDamaged(t *testing.T, path string) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []store.Options{{ReadOnly: true}, {}} {
		db, err := store.Open(path, opts)
		if err == nil {
			names, _ := db.SeriesList()
			db.Close()
			t.Errorf("Open(ReadOnly: %v) of a damaged store succeeded (series %v), want ErrCorrupt", opts.ReadOnly, names)
		} else if !errors.Is(err, store.ErrCorrupt) {
			t.Errorf("Open(ReadOnly: %v) = %v, want ErrCorrupt", opts.ReadOnly, err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("opening a damaged store changed the file")
	}
	db, err := store.OpenUnchecked(path)
	if err != nil {
		return // too damaged for bbolt: Open's refusal is the report
	}
	defer db.Close()
	if err := db.Verify(); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("Verify() = %v, want ErrCorrupt", err)
	}
}

// TestDamagedRootIsNotAnEmptyStore flips each byte of the series
// bucket's name in the root page, as damage on disk would: the store
// must be reported as damaged, never read as one with no series.
func TestDamagedRootIsNotAnEmptyStore(t *testing.T) {
	clean := storeWithData(t)
	data, err := os.ReadFile(clean)
	if err != nil {
		t.Fatal(err)
	}
	off, size, err := store.RootPage(clean)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data[off:off+size], []byte("series"))
	if i < 0 {
		t.Fatal(`the root page holds no "series" entry`)
	}
	for j := range len("series") {
		t.Run(string(rune('0'+j)), func(t *testing.T) {
			b := append([]byte(nil), data...)
			b[off+int64(i+j)] ^= 0x01
			p := filepath.Join(t.TempDir(), "flipped.db")
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			refusedAsDamaged(t, p)
		})
	}
}

// TestMissingBucketIsDamage deletes top-level buckets from a sound
// store: Open refuses it and Verify reports it.
func TestMissingBucketIsDamage(t *testing.T) {
	for _, tc := range []struct {
		name    string
		buckets []string
	}{
		{"series", []string{"series"}},
		{"meta", []string{"meta"}},
		{"names", []string{"names"}},
		{"labels", []string{"labels"}},
		{"refusals", []string{"refusals"}},
		{"all", []string{"meta", "series", "names", "labels", "refusals"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := storeWithData(t)
			withBolt(t, p, func(tx *bolt.Tx) error {
				for _, b := range tc.buckets {
					if err := tx.DeleteBucket([]byte(b)); err != nil {
						return err
					}
				}
				return nil
			})
			refusedAsDamaged(t, p)
		})
	}
}

// TestSchema1WithoutSeriesIsDamage: a schema-1 store needs meta and
// series, not names.
func TestSchema1WithoutSeriesIsDamage(t *testing.T) {
	p := schema1(t, "schema1.db")
	withBolt(t, p, func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("series")) })
	refusedAsDamaged(t, p)
}

func TestNewerSchemaIsRefused(t *testing.T) {
	p := storeWithData(t)
	withBolt(t, p, func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("3")) })
	_, err := store.Open(p, store.Options{ReadOnly: true})
	if err == nil || errors.Is(err, store.ErrCorrupt) {
		t.Errorf("Open of a schema-3 store = %v, want an error asking for a newer pubtrend", err)
	}
}
