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

// TestRunRoundTrips checks the run of an observation is stored, and that
// a record written before runs existed still reads, with no run.
func TestRunRoundTrips(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	s := store.Series{Query: "q", Field: "dp"}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := store.AppendFile(path,
		store.Observation{Series: s, Year: 2020, Count: 1, FetchedAt: at, Run: "run-1"},
		store.Observation{Series: s, Year: 2021, Count: 2, FetchedAt: at}); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	latest, err := db.Latest(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if latest[2020].Run != "run-1" || latest[2021].Run != "" {
		t.Errorf("runs read back = %q, %q; want run-1 and none", latest[2020].Run, latest[2021].Run)
	}
	if err := db.Verify(); err != nil {
		t.Errorf("Verify: %v", err)
	}
}
