package store_test

import (
	"bytes"
	"errors"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pubtrend/pubtrend/store"
)

// backupStore writes a store with a century of counts at dir/pubtrend.db
// and opens it read-only, as the backup command does.
func backupStore(t *testing.T) (*store.DB, string) {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "pubtrend.db")
	if err := os.WriteFile(p, centuryStore(t), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(p, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, p
}

// checkCentury checks that the store at path reads back the century.
func checkCentury(t *testing.T, path string) {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Verify(); err != nil {
		t.Errorf("Verify(%s) = %v", path, err)
	}
	latest, err := db.Latest(exosome, nil)
	if err != nil {
		t.Fatal(err)
	}
	for y := 1900; y < 2000; y++ {
		if latest[y].Count != int64(y) {
			t.Errorf("%s: Count(%d) = %d, want %d", path, y, latest[y].Count, y)
			return
		}
	}
}

// TestBackupRefusesWhatItWouldDestroy points Backup at the store (under
// every spelling), at its lock, and at files that are not regular files:
// each is refused with a BackupTargetError, and nothing changes.
func TestBackupRefusesWhatItWouldDestroy(t *testing.T) {
	db, p := backupStore(t)
	dir := filepath.Dir(p)
	before, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(name string, make func(string) error) string {
		q := filepath.Join(dir, name)
		if err := make(q); err != nil {
			t.Fatal(err)
		}
		return q
	}
	t.Chdir(dir)
	targets := map[string]string{
		"the store":             p,
		"relative":              "pubtrend.db",
		"dots":                  mk("sub", func(q string) error { return os.Mkdir(q, 0o700) }) + "/../pubtrend.db",
		"symlink":               mk("link.db", func(q string) error { return os.Symlink(p, q) }),
		"symlinked directory":   filepath.Join(mk("dirlink", func(q string) error { return os.Symlink(dir, q) }), "pubtrend.db"),
		"hard link":             mk("hard.db", func(q string) error { return os.Link(p, q) }),
		"lock, not created yet": p + ".lock",
		"directory":             mk("d", func(q string) error { return os.Mkdir(q, 0o700) }),
		"FIFO":                  mk("fifo", func(q string) error { return syscall.Mkfifo(q, 0o600) }),
		"socket": mk("sock", func(q string) error {
			l, err := net.Listen("unix", q)
			if err == nil {
				t.Cleanup(func() { l.Close() })
			}
			return err
		}),
	}
	check := func(name, target string) {
		t.Helper()
		fi, _ := os.Lstat(target)
		err := db.Backup(target)
		var te *store.BackupTargetError
		if !errors.As(err, &te) {
			t.Errorf("%s: Backup(%q) = %v, want a BackupTargetError", name, target, err)
		}
		if after, _ := os.Lstat(target); fi != nil && (after == nil || after.Mode() != fi.Mode() || !os.SameFile(fi, after)) {
			t.Errorf("%s: Backup(%q) replaced the target", name, target)
		}
	}
	for name, target := range targets {
		check(name, target)
	}
	unlock, err := store.LockCollection(p)
	if err != nil {
		t.Fatal(err)
	}
	check("lock, held", p+".lock")
	check("lock through a link", mk("locklink", func(q string) error { return os.Symlink(p+".lock", q) }))
	unlock()

	if after, _ := os.ReadFile(p); !bytes.Equal(before, after) {
		t.Error("a refused backup changed the store file")
	}
	checkCentury(t, p)
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"d", "dirlink", "fifo", "hard.db", "link.db", "locklink", "pubtrend.db", "pubtrend.db.lock", "sock", "sub"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("a refused backup left the directory changed (-want +got):\n%s", diff)
	}
}

func TestBackupWritesACopy(t *testing.T) {
	db, p := backupStore(t)
	other := t.TempDir()
	existing := filepath.Join(other, "old.db")
	if err := os.WriteFile(existing, []byte("last week's backup"), 0o644); err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(other, "elsewhere.db")
	if err := os.WriteFile(elsewhere, []byte("linked backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(other, "latest.db")
	if err := os.Symlink(elsewhere, link); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{
		"new file in a new directory": filepath.Join(other, "new", "dir", "copy.db"),
		"existing regular file":       existing,
		"symlink to a regular file":   link,
	} {
		if err := db.Backup(target); err != nil {
			t.Errorf("%s: Backup = %v", name, err)
			continue
		}
		checkCentury(t, target)
		fi, err := os.Stat(target)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: backup mode = %o, want 600", name, fi.Mode().Perm())
		}
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("backup through a symlink replaced the link: %v", err)
	}
	checkCentury(t, elsewhere)
	checkCentury(t, p)
}
