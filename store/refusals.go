package store

import (
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Refusal records that NCBI would not count a series' query for a year
// as written: it searched an altered query (phrases or fields it did not
// find) or none, and said why. A refusal is not a count: Latest and
// History never return one. It is kept so that a front end can show the
// topic as failing, in NCBI's words, until a later fetch succeeds.
type Refusal struct {
	Series
	Year int
	At   time.Time // when the request was answered
	// Message is NCBI's message, or pubtrend's summary of why the answer
	// is not the count of the query written.
	Message  string
	Warnings []Warning
	// Translation is PubMed's querytranslation of the refused request.
	Translation string
}

// refusalRecord is a stored refusal; the series, year and time live in
// the keys, as for record.
type refusalRecord struct {
	At          time.Time `json:"at"`
	Message     string    `json:"message,omitempty"`
	Warnings    []Warning `json:"warnings,omitempty"`
	Translation string    `json:"translation,omitempty"`
	Sum         uint32    `json:"sum"` // as in record
}

func (r refusalRecord) withSum(sum uint32) refusalRecord { r.Sum = sum; return r }
func (r refusalRecord) sum() uint32                      { return r.Sum }

func (r Refusal) validate() error {
	if err := r.Series.validate(); err != nil {
		return err
	}
	switch {
	case r.Year < 1 || r.Year > 9999:
		return fmt.Errorf("refusal year %d out of range", r.Year)
	case r.At.IsZero() || r.At.UnixNano() < 0:
		return errors.New("refusal without a time")
	case r.Message == "" && len(r.Warnings) == 0:
		return errors.New("refusal without a message or warnings")
	}
	return nil
}

// AppendRefusals records refusals in one transaction: all of them are
// committed, or none. Like observations, they are appended and never
// replaced.
func (db *DB) AppendRefusals(rs ...Refusal) error {
	for _, r := range rs {
		if err := r.validate(); err != nil {
			return err
		}
	}
	err := db.update(func(tx *bolt.Tx) error {
		root, err := bucket(tx, bucketRefusals)
		if err != nil {
			return err
		}
		for _, r := range rs {
			rec := refusalRecord{At: r.At.UTC(), Message: r.Message, Warnings: r.Warnings, Translation: r.Translation}
			if err := appendSealed(root, r.Series, r.Year, r.At, rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("append %d refusals: %w", len(rs), err)
	}
	return nil
}

func decodeRefusal(s Series, k, v []byte) (Refusal, error) {
	year, r, err := unsealEntry[refusalRecord](s, k, v)
	if err != nil {
		return Refusal{}, err
	}
	return Refusal{
		Series:      s,
		Year:        year,
		At:          r.At,
		Message:     r.Message,
		Warnings:    r.Warnings,
		Translation: r.Translation,
	}, nil
}

// LatestRefusals returns the newest refusal of each year of a series that
// NCBI ever refused. Whether it still stands is for the caller to judge:
// a count fetched after it (Latest) means the query now works.
func (db *DB) LatestRefusals(s Series) (map[int]Refusal, error) {
	out := make(map[int]Refusal)
	err := db.view(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketRefusals)
		if root == nil {
			return nil // a schema-1 store, read-only
		}
		b := root.Bucket(s.key())
		if b == nil {
			return nil
		}
		var walk order
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := walk.check(k, s); err != nil {
				return err
			}
			r, err := decodeRefusal(s, k, v)
			if err != nil {
				return err
			}
			out[r.Year] = r // keys sort by time within a year: the last wins
		}
		return nil
	})
	return out, err
}
