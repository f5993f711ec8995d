package store

import (
	"errors"
	"fmt"
	"io"

	bolt "go.etcd.io/bbolt"
)

// Verify runs bbolt's page-level consistency check and then decodes every
// observation, so that both a broken B+tree and a record pubtrend cannot read
// are reported. It returns all problems found, joined.
func (db *DB) Verify() error {
	var problems []error
	err := db.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			problems = append(problems, err)
		}
		if len(problems) > 0 {
			return nil // decoding pages bbolt already rejected could panic
		}
		if err := checkSchema(tx); err != nil {
			problems = append(problems, err)
		}
		root := tx.Bucket(bucketSeries)
		if root == nil {
			return nil
		}
		return root.ForEachBucket(func(name []byte) error {
			s := parseSeriesKey(name)
			return root.Bucket(name).ForEach(func(k, v []byte) error {
				if _, err := decode(s, k, v); err != nil {
					problems = append(problems, err)
				}
				return nil
			})
		})
	})
	if err != nil {
		problems = append(problems, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %w", ErrCorrupt, errors.Join(problems...))
	}
	return nil
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
