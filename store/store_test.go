package store_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pubtrend/pubtrend/store"
)

var exosome = store.Series{Query: "exosome", Field: "dp"}

func openTemp(t *testing.T) (*store.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "dir", "pubtrend.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func obs(s store.Series, year int, count int64, at string) store.Observation {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		panic(err)
	}
	return store.Observation{Series: s, Year: year, Count: count, FetchedAt: t, Translation: "tr " + at}
}

func TestAppendKeepsHistoryInOrder(t *testing.T) {
	db, _ := openTemp(t)
	// Appended out of order on purpose: the keys, not the calls, give the order.
	in := []store.Observation{
		obs(exosome, 2025, 1900, "2026-03-01T00:00:00Z"),
		obs(exosome, 2025, 1779, "2025-05-06T00:00:00Z"),
		obs(exosome, 2024, 4899, "2025-05-06T00:00:00Z"),
		obs(exosome, 2025, 1824, "2025-05-12T00:00:00Z"),
	}
	in[0].Warnings = []store.Warning{{Kind: "fieldsnotfound", Text: "jungle"}}
	for _, o := range in {
		if err := db.Append(o); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.History(exosome, 2025)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Observation{in[1], in[3], in[0]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("History(2025) mismatch (-want +got):\n%s", diff)
	}

	all, err := db.History(exosome, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 || all[0].Year != 2024 {
		t.Errorf("History(all) = %d observations starting with year %d, want 4 starting with 2024", len(all), all[0].Year)
	}

	latest, err := db.Latest(exosome, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := latest[2025].Count; got != 1900 {
		t.Errorf("Latest[2025].Count = %d, want 1900", got)
	}
	if got := latest[2024].Count; got != 4899 {
		t.Errorf("Latest[2024].Count = %d, want 4899", got)
	}
}

func TestSameInstantDoesNotOverwrite(t *testing.T) {
	db, _ := openTemp(t)
	a := obs(exosome, 2020, 10, "2026-01-01T00:00:00Z")
	b := a
	b.Count = 11
	if err := db.Append(a, b); err != nil {
		t.Fatal(err)
	}
	h, err := db.History(exosome, 2020)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 {
		t.Fatalf("History = %d observations, want 2 (same fetch time must not overwrite)", len(h))
	}
	if h[1].Count != 11 {
		t.Errorf("newest Count = %d, want 11 (the later append)", h[1].Count)
	}
}

func TestQueriesAreSeparateSeries(t *testing.T) {
	db, _ := openTemp(t)
	edited := store.Series{Query: "exosome OR exosomes", Field: "dp"}
	if err := db.Append(obs(exosome, 2020, 1, "2026-01-01T00:00:00Z"), obs(edited, 2020, 2, "2026-01-02T00:00:00Z")); err != nil {
		t.Fatal(err)
	}
	list, err := db.SeriesList()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]store.Series{exosome, edited}, list); diff != "" {
		t.Errorf("SeriesList mismatch (-want +got):\n%s", diff)
	}
	l, _ := db.Latest(exosome, nil)
	if l[2020].Count != 1 {
		t.Errorf("Latest(exosome)[2020] = %d, want 1", l[2020].Count)
	}
}

func TestLatestFilterBySource(t *testing.T) {
	db, _ := openTemp(t)
	imported := obs(exosome, 2021, 999, "2026-02-01T00:00:00Z")
	imported.Source = "pubmed web timeline"
	if err := db.Append(obs(exosome, 2021, 500, "2026-01-01T00:00:00Z"), imported); err != nil {
		t.Fatal(err)
	}
	l, err := db.Latest(exosome, store.FromESearch)
	if err != nil {
		t.Fatal(err)
	}
	if l[2021].Count != 500 {
		t.Errorf("Latest(FromESearch)[2021] = %d, want 500", l[2021].Count)
	}
}

func TestAppendRejectsInvalidAndKeepsData(t *testing.T) {
	db, _ := openTemp(t)
	good := obs(exosome, 2020, 5, "2026-01-01T00:00:00Z")
	if err := db.Append(good); err != nil {
		t.Fatal(err)
	}
	bad := []store.Observation{
		{Series: exosome, Year: 2020, Count: -1, FetchedAt: time.Now()},
		{Series: exosome, Year: 2020, Count: 1},
		{Series: store.Series{Field: "dp"}, Year: 2020, Count: 1, FetchedAt: time.Now()},
	}
	for _, b := range bad {
		if err := db.Append(good, b); err == nil {
			t.Errorf("Append(%+v) succeeded, want error", b)
		}
	}
	h, _ := db.History(exosome, 0)
	if len(h) != 1 {
		t.Errorf("after rejected appends History = %d observations, want 1", len(h))
	}
}

func TestReadOnlyMissing(t *testing.T) {
	_, err := store.Open(filepath.Join(t.TempDir(), "none.db"), store.Options{ReadOnly: true})
	if !errors.Is(err, store.ErrNotExist) {
		t.Errorf("Open(missing, ReadOnly) error = %v, want ErrNotExist", err)
	}
}

func TestBusyWhileWriterHoldsFile(t *testing.T) {
	_, path := openTemp(t) // the writer stays open until cleanup
	_, err := store.Open(path, store.Options{ReadOnly: true, Timeout: 50 * time.Millisecond})
	if !errors.Is(err, store.ErrBusy) {
		t.Errorf("Open while writer holds the file: error = %v, want ErrBusy", err)
	}
}

func TestFileMode(t *testing.T) {
	_, path := openTemp(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("store file mode = %o, want 600", mode)
	}
}

func TestVerifyAndBackup(t *testing.T) {
	db, _ := openTemp(t)
	if err := db.Append(obs(exosome, 2020, 5, "2026-01-01T00:00:00Z")); err != nil {
		t.Fatal(err)
	}
	if err := db.Verify(); err != nil {
		t.Fatalf("Verify() on a healthy store = %v", err)
	}
	var buf bytes.Buffer
	if _, err := db.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copyPath, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cp, err := store.Open(copyPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	l, err := cp.Latest(exosome, nil)
	if err != nil || l[2020].Count != 5 {
		t.Errorf("backup Latest[2020] = %v, %v; want 5", l[2020].Count, err)
	}
}

// centuryStore returns the bytes of a store holding one observation a
// year for 1900-1999, each counting its own year: material to damage.
func centuryStore(t *testing.T) []byte {
	t.Helper()
	db, path := openTemp(t)
	for y := 1900; y < 2000; y++ {
		if err := db.Append(obs(exosome, y, int64(y), "2026-01-01T00:00:00Z")); err != nil {
			t.Fatal(err)
		}
	}
	// Something in every bucket.
	if err := db.SetLabels(map[store.Series]store.Label{exosome: {Name: "exosome", Origin: store.OriginConfig}}); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendRefusals(store.Refusal{Series: exosome, Year: 2000, At: time.Unix(0, 1), Message: "refused"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Import(store.Import{Name: "web", Query: "exosome", Source: "file", At: time.Unix(0, 1), Counts: map[int]int64{1900: 1}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDamagedFileIsAnErrorNotAPanic(t *testing.T) {
	data := centuryStore(t)
	cases := map[string][]byte{
		"truncated":     data[:len(data)/3],
		"meta garbage":  append(bytes.Repeat([]byte{0xAB}, 8192), data[8192:]...),
		"not a db file": []byte("hello, this is not bbolt"),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "bad.db")
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			d, err := store.Open(p, store.Options{ReadOnly: true})
			if err == nil {
				err = d.Verify()
				d.Close()
			}
			if err == nil {
				t.Errorf("Open+Verify of %s store succeeded, want an error", name)
			}
		})
	}
}

// TestFullDiskKeepsEarlierData fills a store up to its size cap, as a full
// disk would: the failing commit changes nothing, and everything committed
// before it stays readable.
func TestFullDiskKeepsEarlierData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "full.db")
	db, err := store.Open(path, store.Options{MaxSize: 256 << 10})
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	var appendErr error
	for year := 1800; year < 9000 && appendErr == nil; year++ {
		batch := make([]store.Observation, 50)
		for i := range batch {
			batch[i] = obs(exosome, year, int64(i), "2026-01-01T00:00:00Z")
			batch[i].Translation = strings.Repeat("x", 200)
		}
		if appendErr = db.Append(batch...); appendErr == nil {
			stored += len(batch)
		}
	}
	if appendErr == nil {
		t.Fatal("the store never reached its size cap")
	}
	db.Close()

	db, err = store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reopen after a full store: %v", err)
	}
	defer db.Close()
	if err := db.Verify(); err != nil {
		t.Errorf("Verify after a full store: %v", err)
	}
	h, err := db.History(exosome, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != stored {
		t.Errorf("after a failed commit %d observations are stored, want the %d committed before it", len(h), stored)
	}
}

// TestLatestMatchesHistory checks the backwards seek in Latest against
// the plain answer computed from the whole history, on random data with
// gaps between years and imported observations mixed in.
func TestLatestMatchesHistory(t *testing.T) {
	db, _ := openTemp(t)
	rng := rand.New(rand.NewPCG(3, 5))
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var obs []store.Observation
	for range 400 {
		o := store.Observation{Series: exosome, Year: 1990 + rng.IntN(40)*rng.IntN(2), Count: rng.Int64N(1000),
			FetchedAt: base.Add(time.Duration(rng.IntN(1000)) * time.Hour)}
		if rng.IntN(3) == 0 {
			o.Source = "pubmed web timeline"
		}
		obs = append(obs, o)
	}
	if err := db.Append(obs...); err != nil {
		t.Fatal(err)
	}
	all, err := db.History(exosome, 0)
	if err != nil {
		t.Fatal(err)
	}
	for name, keep := range map[string]func(string) bool{"all": nil, "esearch": store.FromESearch} {
		want := make(map[int]store.Observation)
		for _, o := range all {
			if keep == nil || keep(o.Source) {
				want[o.Year] = o // History is oldest first: the last one wins
			}
		}
		got, err := db.Latest(exosome, keep)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Latest(%s) differs from the newest of History (-want +got):\n%s", name, diff)
		}
	}
}

func BenchmarkLatest(b *testing.B) {
	path := filepath.Join(b.TempDir(), "b.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var obs []store.Observation
	for y := 1977; y <= 2026; y++ {
		for k := range 20 {
			obs = append(obs, store.Observation{Series: exosome, Year: y, Count: int64(k), FetchedAt: base.Add(time.Duration(k) * time.Hour)})
		}
	}
	if err := db.Append(obs...); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Latest(exosome, store.FromESearch); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGarbledStoresNeverCrash overwrites random stretches of a real store
// with noise, hundreds of times. Every operation must return: none may
// crash the process (a fault in bbolt's own goroutines cannot be
// recovered) or loop forever on a page that points back. And damage is
// either reported or harmless (noise in free pages): a store that reads
// without error reads back exactly what was written.
func TestGarbledStoresNeverCrash(t *testing.T) {
	data := centuryStore(t)
	rng := rand.New(rand.NewPCG(1, 1))
	noticed, tries := 0, 300
	if testing.Short() {
		tries = 30
	}
	for range tries {
		b := append([]byte(nil), data...)
		off, n := rng.IntN(len(b)-64), 1+rng.IntN(2048)
		for j := off; j < off+n && j < len(b); j++ {
			b[j] = byte(rng.IntN(256))
		}
		p := filepath.Join(t.TempDir(), "garbled.db")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		d, err := store.Open(p, store.Options{ReadOnly: true})
		if err != nil {
			noticed++
			continue
		}
		errs := []error{d.Verify()}
		latest, err := d.Latest(exosome, nil)
		errs = append(errs, err)
		_, err = d.History(exosome, 0)
		errs = append(errs, err)
		_, err = d.SeriesList()
		errs = append(errs, err)
		_, err = d.Names()
		errs = append(errs, err)
		_, err = d.Labels()
		errs = append(errs, err)
		_, err = d.LatestRefusals(exosome)
		errs = append(errs, err)
		d.Close()
		if errors.Join(errs...) != nil {
			noticed++
			continue
		}
		for y := 1900; y < 2000; y++ {
			if latest[y].Count != int64(y) {
				t.Errorf("a garbled store read and verified without error, but Count(%d) = %d, want %d", y, latest[y].Count, y)
			}
		}
	}
	if noticed == 0 {
		t.Errorf("no damage noticed in %d garbled stores: the test proved nothing", tries)
	}
}
