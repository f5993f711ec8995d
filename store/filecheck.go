package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// bbolt's meta page layout (go.etcd.io/bbolt/internal/common.Meta), after
// the 16-byte page header: magic, version, page size, flags (4 bytes each),
// root bucket (16), freelist page (8), high-water page id (8), txid (8),
// checksum (8, FNV-64a of everything before it).
const (
	pageHeaderLen  = 16
	metaLen        = 64
	metaSumLen     = 56
	boltMagic      = 0xED0CDAED
	offPageSize    = 8
	offRoot        = 16
	offHighWater   = 40
	offTxID        = 48
	offChecksum    = 56
	minBoltPage    = 512
	defaultMetaGap = 4096
)

// checkFileSize rejects a file shorter than its own header says it is.
//
// bbolt memory-maps the file and trusts its meta page: pages past the end of
// a truncated file fault with SIGBUS inside goroutines bbolt starts itself
// (Tx.Check), where no recover can reach. Reading the two meta pages first
// turns that crash into an error that names the problem.
func checkFileSize(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() == 0 {
		return nil // bbolt initialises an empty file on a writable open
	}
	m0, ok0 := readMeta(f, 0)
	if !ok0 && fi.Size() < 2*defaultMetaGap {
		return fmt.Errorf("%w: not a pubtrend store (%d bytes, no valid header)", ErrCorrupt, fi.Size())
	}
	gap := int64(defaultMetaGap)
	if ok0 {
		gap = int64(binary.LittleEndian.Uint32(m0[offPageSize:]))
	}
	m1, ok1 := readMeta(f, gap)
	var meta []byte
	switch {
	case ok0 && ok1:
		meta = m0
		if binary.LittleEndian.Uint64(m1[offTxID:]) > binary.LittleEndian.Uint64(m0[offTxID:]) {
			meta = m1
		}
	case ok0:
		meta = m0
	case ok1:
		meta = m1
	default:
		return fmt.Errorf("%w: both header pages are invalid", ErrCorrupt)
	}
	pageSize := int64(binary.LittleEndian.Uint32(meta[offPageSize:]))
	highWater := int64(binary.LittleEndian.Uint64(meta[offHighWater:]))
	if want := pageSize * highWater; fi.Size() < want {
		return fmt.Errorf("%w: file is truncated (%d bytes, its header says %d)", ErrCorrupt, fi.Size(), want)
	}
	return nil
}

// readMeta reads the meta page at offset and reports whether its magic
// number and checksum are right.
func readMeta(r io.ReaderAt, offset int64) ([]byte, bool) {
	m := make([]byte, metaLen)
	if _, err := r.ReadAt(m, offset+pageHeaderLen); err != nil {
		return nil, false
	}
	if binary.LittleEndian.Uint32(m) != boltMagic {
		return nil, false
	}
	h := fnv.New64a()
	h.Write(m[:metaSumLen])
	if h.Sum64() != binary.LittleEndian.Uint64(m[offChecksum:]) {
		return nil, false
	}
	if ps := binary.LittleEndian.Uint32(m[offPageSize:]); ps < minBoltPage {
		return nil, false
	}
	return m, true
}

// checkHeaders reports a damaged header page. bbolt keeps two and, when
// the newer is damaged, silently opens the store as of the commit before
// it; that is right after a crash in the middle of a commit, but after
// damage on disk it hides that the last commit is gone. The next commit
// rewrites the page.
func checkHeaders(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	m0, ok0 := readMeta(f, 0)
	gap := int64(defaultMetaGap)
	if ok0 {
		gap = int64(binary.LittleEndian.Uint32(m0[offPageSize:]))
	}
	_, ok1 := readMeta(f, gap)
	switch {
	case !ok0 && !ok1:
		return errors.New("both header pages are invalid")
	case !ok0 || !ok1:
		return errors.New("one of the two header pages is damaged: the store reads as of the commit before it, and the last commit may be lost; the next collection rewrites it")
	}
	return nil
}
