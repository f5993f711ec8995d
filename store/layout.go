package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout version documented in doc.go.
const SchemaVersion = 2

var (
	bucketMeta     = []byte("meta")
	bucketSeries   = []byte("series")
	bucketNames    = []byte("names")
	bucketLabels   = []byte("labels")
	bucketRefusals = []byte("refusals")
	keySchema      = []byte("schema")
)

// topLevel lists the buckets every store of a schema version holds.
// Schema 1 created only meta and series at once; names came with the
// first import.
var topLevel = map[int][][]byte{
	1: {bucketMeta, bucketSeries},
	2: {bucketMeta, bucketSeries, bucketNames, bucketLabels, bucketRefusals},
}

// init checks the file's layout and, on a writable open, creates it in a
// new file or upgrades an older schema, in one transaction. A read-only
// open changes nothing: it reads a schema-1 store as it is.
func (db *DB) init(readOnly bool) error {
	var version int
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		version, err = checkLayout(tx)
		return err
	})
	if err != nil || readOnly || version == SchemaVersion {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		// Again under the write lock: another writer may have got here first.
		version, err := checkLayout(tx)
		if err != nil || version == SchemaVersion {
			return err
		}
		for _, name := range topLevel[SchemaVersion] {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(SchemaVersion)))
	})
}

// checkLayout returns the schema version of the store tx reads, or 0 for
// a file that bbolt created but no pubtrend ever committed to. A store
// that lacks a bucket its version requires is damaged: reading it as empty
// would show committed counts as never fetched, and writing to it would
// bury them.
func checkLayout(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		if k, _ := tx.Cursor().First(); k == nil && lastCommit(tx) <= 1 {
			return 0, nil // bbolt's empty file: the creating Open was cut short
		}
		return 0, fmt.Errorf("%w: the store has no %q bucket", ErrCorrupt, bucketMeta)
	}
	v, err := strconv.Atoi(string(meta.Get(keySchema)))
	if err != nil || v < 1 {
		return 0, fmt.Errorf("%w: schema version %q", ErrCorrupt, meta.Get(keySchema))
	}
	if v > SchemaVersion {
		return 0, fmt.Errorf("store schema version %d is newer than this pubtrend understands (%d): upgrade pubtrend", v, SchemaVersion)
	}
	for _, name := range topLevel[v] {
		if tx.Bucket(name) == nil {
			return 0, fmt.Errorf("%w: the store has no %q bucket", ErrCorrupt, name)
		}
	}
	return v, nil
}

// lastCommit is the id of the newest committed transaction tx sees. bbolt
// writes ids 0 and 1 into the two header pages of a new file; the first
// commit is 2, and pubtrend's first commit creates the layout.
func lastCommit(tx *bolt.Tx) int {
	if tx.Writable() {
		return tx.ID() - 1
	}
	return tx.ID()
}

// bucket returns a top-level bucket for writing. Open has checked the
// layout, so a missing one means the file changed under us.
func bucket(tx *bolt.Tx, name []byte) (*bolt.Bucket, error) {
	b := tx.Bucket(name)
	if b == nil {
		return nil, fmt.Errorf("%w: the store has no %q bucket", ErrCorrupt, name)
	}
	return b, nil
}
