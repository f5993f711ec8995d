package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// The origins of a series: what brought it into the store.
const (
	OriginConfig = "config" // a topic of the config file
	OriginQuery  = "query"  // an ad-hoc query; its name is the query text
	OriginImport = "import" // an imported file (Import)
	OriginPart   = "part"   // one part of a topic's breakdown
	OriginTotals = "totals" // PubMed's yearly totals
)

// Label says what brought a series in and what it is called, so that
// every stored series can be listed with its origin.
type Label struct {
	Name   string `json:"name"`
	Origin string `json:"origin"` // one of the Origin constants
	// File is the imported file's base name (OriginImport).
	File string `json:"file,omitempty"`
	// Topic, Breakdown and Part place a breakdown part (OriginPart): the
	// topic it divides, the breakdown's name and the part's key.
	Topic     string `json:"topic,omitempty"`
	Breakdown string `json:"breakdown,omitempty"`
	Part      string `json:"part,omitempty"`
}

func (l Label) validate() error {
	if l.Name == "" {
		return errors.New("label without a name")
	}
	switch l.Origin {
	case OriginConfig, OriginQuery, OriginImport, OriginTotals:
	case OriginPart:
		if l.Topic == "" || l.Breakdown == "" || l.Part == "" {
			return fmt.Errorf("label %q: a breakdown part needs its topic, breakdown and part", l.Name)
		}
	default:
		return fmt.Errorf("label %q: unknown origin %q", l.Name, l.Origin)
	}
	return nil
}

// labelRecord is a stored label; the series lives in the key.
type labelRecord struct {
	Label
	Sum uint32 `json:"sum"` // as in record
}

func (r labelRecord) withSum(sum uint32) labelRecord { r.Sum = sum; return r }
func (r labelRecord) sum() uint32                    { return r.Sum }

// SetLabels labels series in one transaction, replacing their earlier
// labels: a label describes a series, it is not part of its history.
func (db *DB) SetLabels(labels map[Series]Label) error {
	for s, l := range labels {
		if err := s.validate(); err != nil {
			return fmt.Errorf("set labels: %w", err)
		}
		if err := l.validate(); err != nil {
			return fmt.Errorf("set labels: %w", err)
		}
	}
	err := db.update(func(tx *bolt.Tx) error {
		for s, l := range labels {
			if err := putLabel(tx, s, l); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set %d labels: %w", len(labels), err)
	}
	return nil
}

func putLabel(tx *bolt.Tx, s Series, l Label) error {
	b, err := bucket(tx, bucketLabels)
	if err != nil {
		return err
	}
	v, err := seal(s, nil, labelRecord{Label: l})
	if err != nil {
		return err
	}
	return b.Put(s.key(), v)
}

// Labels returns the label of every labelled series. A series collected
// before schema 2 has none until something labels it; Names still lists
// the imports of that time.
func (db *DB) Labels() (map[Series]Label, error) {
	out := make(map[Series]Label)
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLabels)
		if b == nil {
			return nil // a schema-1 store, read-only
		}
		var walk order
		return b.ForEach(func(k, v []byte) error {
			if err := walk.check(k, Series{}); err != nil {
				return err
			}
			s := parseSeriesKey(k)
			r, err := unseal[labelRecord](s, nil, v)
			if err != nil {
				return err
			}
			out[s] = r.Label
			return nil
		})
	})
	return out, err
}
