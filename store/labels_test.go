package store_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pubtrend/pubtrend/store"
	bolt "go.etcd.io/bbolt"
)

var (
	totals   = store.Series{Query: "all[sb]", Field: "dp"}
	adhoc    = store.Series{Query: "crispr AND exosome", Field: "dp"}
	rctsPart = store.Series{Query: "(exosome) AND (randomized controlled trial[pt])", Field: "dp"}
)

func TestLabels(t *testing.T) {
	db, _ := openTemp(t)
	want := map[store.Series]store.Label{
		exosome:  {Name: "exosome", Origin: store.OriginConfig},
		totals:   {Name: "totals", Origin: store.OriginTotals},
		adhoc:    {Name: "crispr AND exosome", Origin: store.OriginQuery},
		rctsPart: {Name: "exosome rcts", Origin: store.OriginPart, Topic: "exosome", Breakdown: "evidence", Part: "rcts"},
	}
	if err := db.SetLabels(want); err != nil {
		t.Fatal(err)
	}
	web, err := db.Import(webImport("web-a", "exosome", "2026-02-10", map[int]int64{2019: 1}))
	if err != nil {
		t.Fatal(err)
	}
	want[web] = store.Label{Name: "web-a", Origin: store.OriginImport, File: "web-a.csv"}
	// A label is replaced, not appended.
	want[exosome] = store.Label{Name: "exosomes", Origin: store.OriginConfig}
	if err := db.SetLabels(map[store.Series]store.Label{exosome: want[exosome]}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Labels()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Labels() mismatch (-want +got):\n%s", diff)
	}
	if err := db.Verify(); err != nil {
		t.Errorf("Verify() = %v", err)
	}
}

// TestSetLabelsRejectsAndKeeps: one bad label fails the whole call and
// writes none.
func TestSetLabelsRejectsAndKeeps(t *testing.T) {
	db, _ := openTemp(t)
	good := store.Label{Name: "exosome", Origin: store.OriginConfig}
	for name, bad := range map[string]map[store.Series]store.Label{
		"unknown origin": {adhoc: {Name: "x", Origin: "web"}},
		"no name":        {adhoc: {Origin: store.OriginQuery}},
		"part alone":     {rctsPart: {Name: "rcts", Origin: store.OriginPart, Part: "rcts"}},
		"no query":       {{Field: "dp"}: {Name: "x", Origin: store.OriginQuery}},
	} {
		bad[exosome] = good
		if err := db.SetLabels(bad); err == nil {
			t.Errorf("%s: SetLabels succeeded, want an error", name)
		}
	}
	if got, err := db.Labels(); err != nil || len(got) != 0 {
		t.Errorf("after rejected SetLabels: Labels() = %v, %v; want none", got, err)
	}
}

// TestDamagedLabelIsReported changes one byte of a stored label: Labels
// and Verify report it instead of returning another name.
func TestDamagedLabelIsReported(t *testing.T) {
	db, p := openTemp(t)
	if err := db.SetLabels(map[store.Series]store.Label{exosome: {Name: "exosome", Origin: store.OriginConfig}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = damaged(t, p, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("labels"))
		k := append([]byte("dp\x00"), "exosome"...)
		return b.Put(k, bytes.Replace(b.Get(k), []byte(`"exosome"`), []byte(`"exosoma"`), 1))
	})
	if _, err := db.Labels(); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("Labels() of a damaged label = %v, want ErrCorrupt", err)
	}
}
