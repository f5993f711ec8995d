package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Verify checks the whole store and returns every problem found, joined.
//
// It first decodes every record itself, in a transaction that turns
// bbolt's panics and memory faults on damaged pages into errors. Only a
// store that passes is handed to bbolt's own page-level check (Tx.Check):
// that check runs in a goroutine of bbolt's, where a fault on a garbled
// page would crash the process instead of being reported.
func (db *DB) Verify() error {
	var problems []error
	if err := checkHeaders(db.path); err != nil {
		problems = append(problems, err)
	}
	err := db.view(func(tx *bolt.Tx) error {
		if _, err := checkLayout(tx); err != nil {
			problems = append(problems, err)
		}
		root := tx.Bucket(bucketSeries)
		if root == nil {
			return nil
		}
		var names order
		return root.ForEachBucket(func(name []byte) error {
			if err := names.check(name, Series{}); err != nil {
				return err
			}
			s := parseSeriesKey(name)
			b := root.Bucket(name)
			var keys order
			n := uint64(0)
			err := b.ForEach(func(k, v []byte) error {
				if err := keys.check(k, s); err != nil {
					return err // a loop: stop walking this file
				}
				n++
				if _, err := decode(s, k, v); err != nil {
					problems = append(problems, err)
				}
				return nil
			})
			// Every append takes the bucket's next sequence number and
			// nothing is ever deleted: fewer records than the sequence
			// means some were lost.
			if err == nil && n != b.Sequence() {
				problems = append(problems, fmt.Errorf("series %q holds %d observations, but %d were appended", s.Query, n, b.Sequence()))
			}
			return err
		})
	})
	if err != nil {
		problems = append(problems, err)
	}
	if len(problems) == 0 {
		err = db.view(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				problems = append(problems, err)
			}
			return nil
		})
		if err != nil {
			problems = append(problems, err)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %w", ErrCorrupt, errors.Join(problems...))
	}
	return nil
}
