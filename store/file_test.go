package store_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pubtrend/pubtrend/store"
	bolt "go.etcd.io/bbolt"
)

// TestEmptyFileIsANewStore gives Open a 0-byte file, as mktemp makes: a
// read-only open says there is no store yet, a writable one lays the
// store out in it.
func TestEmptyFileIsANewStore(t *testing.T) {
	p := filepath.Join(t.TempDir(), "mktemp.db")
	if err := os.WriteFile(p, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(p, store.Options{ReadOnly: true})
	if !errors.Is(err, store.ErrNotExist) {
		t.Errorf("Open(empty file, ReadOnly) = %v, want ErrNotExist", err)
	}
	db, err := store.Open(p, store.Options{})
	if err != nil {
		t.Fatalf("Open(empty file) = %v, want a new store", err)
	}
	if err := db.Append(obs(exosome, 2020, 5, "2026-01-01T00:00:00Z")); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = store.Open(p, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if l, err := db.Latest(exosome, nil); err != nil || l[2020].Count != 5 {
		t.Errorf("Latest[2020] = %d, %v; want 5", l[2020].Count, err)
	}
}

// bboltOnly returns the bytes of a file bbolt created and pubtrend never
// committed to: two header pages (transactions 0 and 1), an empty free
// list and an empty root.
func bboltOnly(t *testing.T) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bare.db")
	b, err := bolt.Open(p, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestUncommittedFileReadsEmpty: a store whose creating Open stopped
// after bbolt's layout and before pubtrend's first commit holds nothing.
// It reads as empty, and a writable open finishes it.
func TestUncommittedFileReadsEmpty(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bare.db")
	if err := os.WriteFile(p, bboltOnly(t), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(p, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("Open(uncommitted, ReadOnly) = %v", err)
	}
	list, err := db.SeriesList()
	if err != nil || len(list) != 0 {
		t.Errorf("SeriesList() = %v, %v; want none", list, err)
	}
	if err := db.Verify(); err != nil {
		t.Errorf("Verify() = %v", err)
	}
	db.Close()
	if err := store.AppendFile(p, obs(exosome, 2020, 5, "2026-01-01T00:00:00Z")); err != nil {
		t.Fatalf("AppendFile(uncommitted) = %v", err)
	}
}

// TestUnfinishedFileIsReportedAndKept cuts bbolt's first write short, as
// a full disk does: the file is reported as never finished (it holds
// nothing; the user may delete it), not as a damaged store to restore,
// and no open writes to it.
func TestUnfinishedFileIsReportedAndKept(t *testing.T) {
	bare := bboltOnly(t)
	cases := map[string][]byte{
		"one page":         bare[:4096],
		"two pages":        bare[:8192],
		"three pages":      bare[:12288],
		"half a page":      bare[:2048],
		"part of a header": bare[:50],
		"a few bytes":      bare[:12],
		"zeros":            make([]byte, 4096),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "cut.db")
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, opts := range []store.Options{{ReadOnly: true}, {}} {
				db, err := store.Open(p, opts)
				if err == nil {
					db.Close()
				}
				if !errors.Is(err, store.ErrUnfinished) || errors.Is(err, store.ErrCorrupt) {
					t.Errorf("Open(ReadOnly: %v) = %v, want ErrUnfinished", opts.ReadOnly, err)
				} else if !strings.Contains(err.Error(), "delete it") {
					t.Errorf("Open error %q does not say to delete the file", err)
				}
			}
			if after, _ := os.ReadFile(p); !bytes.Equal(after, b) {
				t.Error("opening an unfinished file changed it")
			}
		})
	}
}

// TestTruncatedStoreWithDataIsDamaged: a cut-short file that has seen a
// commit is damaged, never "unfinished", however short.
func TestTruncatedStoreWithDataIsDamaged(t *testing.T) {
	data := centuryStore(t)
	for _, n := range []int{4096, 8192, 12288, len(data) / 2} {
		p := filepath.Join(t.TempDir(), "cut.db")
		if err := os.WriteFile(p, data[:n], 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := store.Open(p, store.Options{})
		if !errors.Is(err, store.ErrCorrupt) || errors.Is(err, store.ErrUnfinished) {
			t.Errorf("Open(store with data cut to %d bytes) = %v, want ErrCorrupt", n, err)
		}
	}
}
