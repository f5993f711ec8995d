package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gofrs/flock"
)

// ErrCollecting is returned by LockCollection while another collection
// holds the store.
var ErrCollecting = errors.New("another collection is running")

// lockSuffix names the collection lock beside the store file: the lock of
// /data/pubtrend.db is /data/pubtrend.db.lock.
const lockSuffix = ".lock"

// maxLinks bounds the symlinks RealPath follows, as the kernel does.
const maxLinks = 40

// RealPath returns the file a store path names: absolute, with every
// symlink resolved, also when the store file (or its directory) does not
// exist yet and the path leads there through a link. Every spelling of
// one store gives the same RealPath, so that everything keyed by the path
// (the collection lock, backup's refusal to overwrite the store) holds
// whichever spelling a command was given. ".." is resolved as the system
// does, after the link before it, not by cleaning the text.
func RealPath(path string) (string, error) {
	if !filepath.IsAbs(path) {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		path = join(wd, path)
	}
	hops := 0
	return realPath(path, &hops)
}

func realPath(p string, hops *int) (string, error) {
	r, err := filepath.EvalSymlinks(p)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return r, err
	}
	// p does not exist, or is a link to something that does not: resolve
	// its directory, then follow p if it is a link.
	p = strings.TrimRight(p, string(filepath.Separator))
	i := strings.LastIndexByte(p, filepath.Separator)
	parent, base := p[:i+1], p[i+1:]
	if base == "." || base == ".." {
		return "", fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	}
	dir, err := realPath(parent, hops)
	if err != nil {
		return "", err
	}
	p = filepath.Join(dir, base)
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return "", err
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return p, nil // created meanwhile
	}
	if *hops++; *hops > maxLinks {
		return "", fmt.Errorf("%s: too many levels of symbolic links", p)
	}
	target, err := os.Readlink(p)
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(target) {
		target = join(dir, target)
	}
	return realPath(target, hops)
}

// join appends a relative path to a directory without cleaning it, so
// that its ".." elements are left for realPath to resolve.
func join(dir, rel string) string {
	if strings.HasSuffix(dir, string(filepath.Separator)) {
		return dir + rel
	}
	return dir + string(filepath.Separator) + rel
}

// LockCollection takes the collection lock of the store at path, so that
// overlapping runs (cron, a hand-started collect) do not fetch everything
// twice. It returns ErrCollecting at once if another process holds it.
//
// The lock is a file beside the real store file, found through RealPath:
// a symlink to the store, or another spelling of its path, takes the same
// lock. The store's own bbolt lock cannot serve: a collection holds it
// only while committing.
func LockCollection(path string) (unlock func() error, err error) {
	real, err := RealPath(path)
	if err != nil {
		return nil, fmt.Errorf("lock collection on %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(real), 0o700); err != nil {
		return nil, fmt.Errorf("lock collection on %s: %w", path, err)
	}
	l := flock.New(real + lockSuffix)
	ok, err := l.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", l.Path(), err)
	}
	if !ok {
		return nil, fmt.Errorf("%w on %s", ErrCollecting, real)
	}
	return l.Unlock, nil
}
