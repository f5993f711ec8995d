package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/google/renameio/v2"
	bolt "go.etcd.io/bbolt"
)

// BackupTargetError is returned by Backup for a target it refuses to
// write, before anything is written.
type BackupTargetError struct {
	Target string // as the caller gave it
	Reason string // why, e.g. "it is the store itself"
}

func (e *BackupTargetError) Error() string {
	return fmt.Sprintf("backup to %s refused: %s", e.Target, e.Reason)
}

// Backup writes a consistent copy of the store to dest, from a read
// transaction, so it can run while a collection commits. The copy
// appears under its name only when complete and synced (mode 0600); an
// existing regular file there is replaced. If dest is a symlink, the
// file it leads to is written and the link kept.
//
// A target that would destroy data or is no place for a file is refused
// with a *BackupTargetError: the store itself (under any spelling,
// through links, or a hard link to it), its collection lock, and anything
// that exists and is not a regular file (a directory, FIFO, device or
// socket: renaming over one would replace the node itself).
func (db *DB) Backup(dest string) error {
	target, err := db.backupTarget(dest)
	if err != nil {
		return err
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	f, err := renameio.NewPendingFile(target, renameio.WithTempDir(dir), renameio.WithPermissions(0o600))
	if err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	defer f.Cleanup()
	if _, err := db.WriteTo(f); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	if err := f.CloseAtomicallyReplace(); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	// The rename is durable only once the directory is.
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	return nil
}

// backupTarget returns the real file dest names, or why Backup must not
// write it.
func (db *DB) backupTarget(dest string) (string, error) {
	refuse := func(reason string) error { return &BackupTargetError{Target: dest, Reason: reason} }
	target, err := RealPath(dest)
	if err != nil {
		return "", fmt.Errorf("backup to %s: %w", dest, err)
	}
	self, err := RealPath(db.path)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	switch target {
	case self:
		return "", refuse("it is the store itself")
	case self + lockSuffix:
		return "", refuse("it is the store's collection lock")
	}
	fi, err := os.Lstat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return target, nil
	}
	if err != nil {
		return "", fmt.Errorf("backup to %s: %w", dest, err)
	}
	if reason := notRegular(fi.Mode()); reason != "" {
		return "", refuse(reason)
	}
	// Hard links, and paths the text comparison cannot see through
	// (bind mounts, case-insensitive file systems).
	if st, err := os.Stat(self); err == nil && os.SameFile(fi, st) {
		return "", refuse("it is the store itself")
	}
	if st, err := os.Stat(self + lockSuffix); err == nil && os.SameFile(fi, st) {
		return "", refuse("it is the store's collection lock")
	}
	return target, nil
}

// notRegular says why a file of mode m is no backup target, or "".
func notRegular(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "it is a directory"
	case m&fs.ModeNamedPipe != 0:
		return "it is a named pipe (FIFO)"
	case m&fs.ModeDevice != 0:
		return "it is a device"
	case m&fs.ModeSocket != 0:
		return "it is a socket"
	}
	return "it is not a regular file"
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteTo writes a consistent copy of the whole store to w, from a read
// transaction, so it can run while a collection commits.
func (db *DB) WriteTo(w io.Writer) (n int64, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}
