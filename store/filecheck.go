package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"slices"
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
	boltVersion    = 2
	metaPageFlag   = 0x04
	offPageSize    = 8
	offRoot        = 16
	offHighWater   = 40
	offTxID        = 48
	offChecksum    = 56
	minBoltPage    = 512
	defaultMetaGap = 4096
)

// checkFile reads a store file's two header (meta) pages before bbolt
// maps it, and reports whether the file is empty.
//
// bbolt memory-maps the file and trusts its meta page: pages past the end of
// a truncated file fault with SIGBUS inside goroutines bbolt starts itself
// (Tx.Check), where no recover can reach. Reading the two meta pages first
// turns that crash into an error that names the problem. A file cut short
// before its first commit is told apart from one cut short after it: the
// first holds nothing and may be deleted (ErrUnfinished), the second is
// damaged (ErrCorrupt).
func checkFile(path string) (empty bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false, err
	}
	if fi.Size() == 0 {
		return true, nil
	}
	m0, ok0 := readMeta(f, 0)
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
	case neverCommitted(f, fi.Size()):
		return false, ErrUnfinished
	case fi.Size() < 2*defaultMetaGap:
		return false, fmt.Errorf("%w: not a pubtrend store (%d bytes, no valid header)", ErrCorrupt, fi.Size())
	default:
		return false, fmt.Errorf("%w: both header pages are invalid", ErrCorrupt)
	}
	pageSize := int64(binary.LittleEndian.Uint32(meta[offPageSize:]))
	highWater := int64(binary.LittleEndian.Uint64(meta[offHighWater:]))
	if want := pageSize * highWater; fi.Size() < want {
		// bbolt writes transaction ids 0 and 1 into a new file's headers;
		// every commit writes a higher one, and the first commit's pages
		// lie past the four bbolt lays out. A short file whose newest
		// header is one of those two was never committed to.
		if binary.LittleEndian.Uint64(meta[offTxID:]) <= 1 {
			return false, ErrUnfinished
		}
		return false, fmt.Errorf("%w: file is truncated (%d bytes, its header says %d)", ErrCorrupt, fi.Size(), want)
	}
	return false, nil
}

// neverCommitted reports whether a file without a valid header is the
// remains of a creation cut short: all zeros (space allocated, never
// written) or the start of bbolt's first header page, too short to hold
// the rest of it. Neither can hold a commit.
func neverCommitted(r io.ReaderAt, size int64) bool {
	if size > 4*defaultMetaGap {
		return false
	}
	b := make([]byte, size)
	if _, err := r.ReadAt(b, 0); err != nil {
		return false
	}
	if !slices.ContainsFunc(b, func(c byte) bool { return c != 0 }) {
		return true
	}
	if size >= pageHeaderLen+metaLen {
		return false // a whole header page, and not a valid one
	}
	// Page id 0, the meta page flag, no elements, no overflow, then the
	// magic number and bbolt's file format version.
	var start [24]byte
	binary.LittleEndian.PutUint16(start[8:], metaPageFlag)
	binary.LittleEndian.PutUint32(start[16:], boltMagic)
	binary.LittleEndian.PutUint32(start[20:], boltVersion)
	n := min(len(b), len(start))
	return bytes.Equal(b[:n], start[:n])
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
