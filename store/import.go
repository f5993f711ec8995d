package store

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// importField starts the date field of an imported series; the rest is
// the import's name, so that every name has a series of its own.
const importField = "import:"

// Import is one file of yearly counts brought in from outside ESearch,
// such as PubMed's web "Results by year" CSV.
type Import struct {
	// Name is what the counts are found by; it keys their series, so two
	// imports never share one, whatever their query.
	Name string
	// Query is the PubMed query the file counts.
	Query string
	// File is the imported file's base name, kept in the series' label.
	File string
	// Source is stored with every count (e.g. "pubmed web timeline,
	// imported FILE on DATE"). It must not be empty: an empty source
	// marks an ESearch count.
	Source string
	// At is when the file was imported: every count's FetchedAt.
	At time.Time
	// Counts maps a year to its count.
	Counts map[int]int64
}

// ImportSeries is the series an import named name of query is kept in.
// Its date field is not ESearch's, so an imported series never mixes
// with an ESearch series of the same query.
func ImportSeries(name, query string) Series {
	return Series{Query: query, Field: importField + name}
}

// Import stores an import's counts under its name, the name itself and
// the series' label (OriginImport, with the file), in one transaction:
// all are committed, or none. Importing again
// under the same name and query appends to that series' history, as a
// new fetch would; under the same name with another query, it starts a
// new series and the name moves to it (the old one is kept, as when a
// topic's query is edited). It returns the series written.
//
// A store written before schema 2 may map several names to one shared
// series; those mappings still read through Names, and importing under
// one of those names gives it a series of its own.
func (db *DB) Import(im Import) (Series, error) {
	s := ImportSeries(im.Name, im.Query)
	obs := make([]Observation, 0, len(im.Counts))
	for _, year := range slices.Sorted(maps.Keys(im.Counts)) {
		obs = append(obs, Observation{Series: s, Year: year, Count: im.Counts[year], FetchedAt: im.At, Source: im.Source})
	}
	err := im.validate(obs)
	if err == nil {
		err = db.update(func(tx *bolt.Tx) error {
			if err := appendTx(tx, obs); err != nil {
				return err
			}
			names, err := bucket(tx, bucketNames)
			if err != nil {
				return err
			}
			if err := names.Put([]byte(im.Name), s.key()); err != nil {
				return err
			}
			return putLabel(tx, s, Label{Name: im.Name, Origin: OriginImport, File: im.File})
		})
	}
	if err != nil {
		return Series{}, fmt.Errorf("import %q: %w", im.Name, err)
	}
	return s, nil
}

func (im Import) validate(obs []Observation) error {
	switch {
	case im.Name == "":
		return errors.New("empty name")
	case bytes.IndexByte([]byte(im.Name), 0) >= 0:
		return errors.New("name contains a NUL byte")
	case im.Source == "":
		return errors.New("no source: imported counts must say where they came from")
	case len(obs) == 0:
		return errors.New("no counts")
	}
	for _, o := range obs {
		if err := o.validate(); err != nil {
			return err
		}
	}
	return nil
}
