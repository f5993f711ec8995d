package store

import bolt "go.etcd.io/bbolt"

// Version identifies the store's state: it changes with every commit and
// only then. Readers that cache what they computed from the store (the
// HTTP server's ETags and rendered charts) compare it to know when to
// compute again.
func (db *DB) Version() (uint64, error) {
	var v uint64
	err := db.view(func(tx *bolt.Tx) error {
		v = uint64(tx.ID())
		return nil
	})
	return v, err
}
