package store

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Verify checks the whole store and returns every problem found, joined.
//
// It checks the layout (every top-level bucket of the store's schema),
// then decodes every record itself (observations, refusals, labels,
// names), in a transaction that turns bbolt's panics and memory faults on
// damaged pages into errors. Only a store that passes is handed to
// bbolt's own page-level check (Tx.Check): that check runs in a goroutine
// of bbolt's, where a fault on a garbled page would crash the process
// instead of being reported.
func (db *DB) Verify() error {
	var problems []error
	report := func(err error) {
		if err != nil {
			problems = append(problems, err)
		}
	}
	report(checkHeaders(db.path))
	report(db.view(func(tx *bolt.Tx) error {
		_, err := checkLayout(tx)
		report(err)
		if err := verifyHistories(tx.Bucket(bucketSeries), "observations", report, func(s Series, k, v []byte) error {
			_, err := decode(s, k, v)
			return err
		}); err != nil {
			return err
		}
		if err := verifyHistories(tx.Bucket(bucketRefusals), "refusals", report, func(s Series, k, v []byte) error {
			_, err := decodeRefusal(s, k, v)
			return err
		}); err != nil {
			return err
		}
		return verifyNames(tx, report)
	}))
	if len(problems) == 0 {
		report(db.view(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				report(err)
			}
			return nil
		}))
	}
	if len(problems) > 0 {
		// Each problem once, with the damaged-store error said once.
		for i, p := range problems {
			if errors.Is(p, ErrCorrupt) {
				problems[i] = errors.New(strings.TrimPrefix(p.Error(), ErrCorrupt.Error()+": "))
			}
		}
		return fmt.Errorf("%w: %w", ErrCorrupt, errors.Join(problems...))
	}
	return nil
}

// verifyHistories decodes every record of every series under root (the
// series or refusals bucket), reporting the damaged ones. It stops only
// at keys out of order, which would make a walk loop forever.
func verifyHistories(root *bolt.Bucket, what string, report func(error), decode func(s Series, k, v []byte) error) error {
	if root == nil {
		return nil // reported by checkLayout, or a schema-1 store
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
			report(decode(s, k, v))
			return nil
		})
		// Every append takes the bucket's next sequence number and
		// nothing is ever deleted: fewer records than the sequence
		// means some were lost.
		if err == nil && n != b.Sequence() {
			report(fmt.Errorf("series %q holds %d %s, but %d were appended", s.Query, n, what, b.Sequence()))
		}
		return err
	})
}

// verifyNames checks that every label decodes and every name points at a
// stored series.
func verifyNames(tx *bolt.Tx, report func(error)) error {
	if b := tx.Bucket(bucketLabels); b != nil {
		var keys order
		err := b.ForEach(func(k, v []byte) error {
			if err := keys.check(k, Series{}); err != nil {
				return err
			}
			_, err := unseal[labelRecord](parseSeriesKey(k), nil, v)
			report(err)
			return nil
		})
		if err != nil {
			return err
		}
	}
	if b := tx.Bucket(bucketNames); b != nil {
		series := tx.Bucket(bucketSeries)
		var keys order
		return b.ForEach(func(k, v []byte) error {
			if err := keys.check(k, Series{}); err != nil {
				return err
			}
			// Every name is given with the counts it names.
			if bytes.IndexByte(v, 0) < 0 || series == nil || series.Bucket(v) == nil {
				report(fmt.Errorf("name %q does not point at a stored series", k))
			}
			return nil
		})
	}
	return nil
}
