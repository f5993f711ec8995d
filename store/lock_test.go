package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pubtrend/pubtrend/store"
)

// spellings lays out a directory with a store path real (created when
// exists) and returns other paths that name the same file: through a
// symlink to the file, a symlinked directory, a relative path, and a
// path with . and .. in it.
func spellings(t *testing.T, exists bool) (real string, others map[string]string) {
	t.Helper()
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	real = filepath.Join(dir, "pubtrend.db")
	if exists {
		if err := os.WriteFile(real, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	links := filepath.Join(root, "links")
	if err := os.Mkdir(links, 0o700); err != nil {
		t.Fatal(err)
	}
	mustLink := func(target, name string) string {
		p := filepath.Join(links, name)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Chdir(root)
	return real, map[string]string{
		"link to the file":          mustLink(real, "store.db"),
		"relative link to the file": mustLink("../data/pubtrend.db", "rel.db"),
		"link to a link":            mustLink(filepath.Join(links, "store.db"), "twice.db"),
		"linked directory":          filepath.Join(mustLink(dir, "dir"), "pubtrend.db"),
		"relative path":             filepath.Join("data", "pubtrend.db"),
		"dots":                      filepath.Join(root, "data", ".", "..", "data", "pubtrend.db"),
		// ".." after a link leads to the link target's parent.
		"linked directory then ..": links + "/dir/../data/pubtrend.db",
		"relative link with ..":    mustLink("dir/../data/pubtrend.db", "dotted.db"),
	}
}

func TestRealPathAgreesOnEverySpelling(t *testing.T) {
	for _, exists := range []bool{true, false} {
		real, others := spellings(t, exists)
		for name, p := range others {
			got, err := store.RealPath(p)
			if err != nil || got != real {
				t.Errorf("exists=%v, %s: RealPath(%q) = %q, %v; want %q", exists, name, p, got, err, real)
			}
			if exists && !sameFile(t, p, real) {
				t.Errorf("%s: the system does not open %q as %q: the test is wrong", name, p, real)
			}
		}
	}
}

// TestLockHoldsThroughSymlinks takes the collection lock through one
// spelling of the store's path and tries it through another: it must be
// held, whether the store file exists yet or not.
func TestLockHoldsThroughSymlinks(t *testing.T) {
	for _, exists := range []bool{true, false} {
		real, others := spellings(t, exists)
		for name, p := range others {
			for _, order := range [][2]string{{real, p}, {p, real}} {
				unlock, err := store.LockCollection(order[0])
				if err != nil {
					t.Fatal(err)
				}
				_, err = store.LockCollection(order[1])
				if !errors.Is(err, store.ErrCollecting) {
					t.Errorf("exists=%v, %s: LockCollection(%q) while %q holds it = %v, want ErrCollecting", exists, name, order[1], order[0], err)
				}
				if err := unlock(); err != nil {
					t.Fatal(err)
				}
			}
		}
		unlock, err := store.LockCollection(real)
		if err != nil {
			t.Errorf("LockCollection after unlock = %v", err)
		} else {
			unlock()
		}
		if _, err := os.Lstat(real + ".lock"); err != nil {
			t.Errorf("no lock file beside the real store file: %v", err)
		}
	}
}

func TestLockCollectionCreatesTheDirectory(t *testing.T) {
	p := filepath.Join(t.TempDir(), "new", "dir", "pubtrend.db")
	unlock, err := store.LockCollection(p)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := os.Stat(p + ".lock"); err != nil {
		t.Errorf("lock file: %v", err)
	}
}

func sameFile(t *testing.T, a, b string) bool {
	t.Helper()
	fa, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := os.Stat(b)
	if err != nil {
		t.Fatal(err)
	}
	return os.SameFile(fa, fb)
}
