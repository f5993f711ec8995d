package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/pubtrend/pubtrend/store"
)

func TestVersionChangesWithEveryCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	s := store.Series{Query: "q", Field: "dp"}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := store.AppendFile(path, store.Observation{Series: s, Year: 2020, Count: 1, FetchedAt: at}); err != nil {
		t.Fatal(err)
	}
	version := func() uint64 {
		t.Helper()
		db, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		v, err := db.Version()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v1, v2 := version(), version()
	if v1 != v2 {
		t.Errorf("Version changed without a commit: %d, then %d", v1, v2)
	}
	if err := store.AppendFile(path, store.Observation{Series: s, Year: 2021, Count: 2, FetchedAt: at}); err != nil {
		t.Fatal(err)
	}
	if v3 := version(); v3 == v2 {
		t.Errorf("Version = %d after a commit, as before it", v3)
	}
}
