package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

var (
	// ErrBusy is returned by Open when another process holds the file for
	// longer than Options.Timeout.
	ErrBusy = errors.New("store is busy: another pubtrend process holds it")
	// ErrNotExist is returned by a read-only Open of a store that was
	// never written: no file, or an empty one.
	ErrNotExist = errors.New("no store here yet")
	// ErrUnfinished is returned by Open for a file whose creation was cut
	// short (by a full disk, say) before anything was committed to it. It
	// holds no data; pubtrend does not overwrite it on its own.
	ErrUnfinished = errors.New("store file was never finished: its creation was cut short before anything was committed, so it holds no data; delete it and run again")
)

// Options controls how Open treats the file.
type Options struct {
	// ReadOnly opens with a shared lock; many readers may hold it at once.
	ReadOnly bool
	// Timeout bounds the wait for the file lock. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxSize caps the file size in bytes (0: no cap); a commit that would
	// grow past it fails and leaves the file as it was.
	MaxSize int
}

// DefaultTimeout is how long Open waits for another process's commit.
const DefaultTimeout = 10 * time.Second

// DB is an open store file.
type DB struct {
	bolt *bolt.DB
	path string
}

// Open opens the store at path, creating it (and its parent directories)
// with mode 0600 unless opts.ReadOnly is set. An empty file is a store not
// yet written: a writable Open lays it out, a read-only one returns
// ErrNotExist.
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
	}
	empty, err := checkFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && opts.ReadOnly:
		return nil, fmt.Errorf("open store %s: %w", path, ErrNotExist)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("open store %s: %w", path, err)
	case empty && opts.ReadOnly:
		// bbolt would try to lay out the file, and fail on a read-only
		// descriptor with "bad file descriptor".
		return nil, fmt.Errorf("open store %s: %w (the file is empty)", path, ErrNotExist)
	}
	b, err := openBolt(path, opts)
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			err = ErrBusy
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db := &DB{bolt: b, path: path}
	if err := db.init(opts.ReadOnly); err != nil {
		b.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return db, nil
}

// openBolt turns the panics bbolt raises on some damaged files into errors,
// so a broken store is reported instead of crashing the program.
func openBolt(path string, opts Options) (b *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}()
	return bolt.Open(path, 0o600, &bolt.Options{
		Timeout:  opts.Timeout,
		ReadOnly: opts.ReadOnly,
		MaxSize:  opts.MaxSize,
		// Read the free list now, in this goroutine, where a fault on a
		// damaged page is recovered; read-only opens would otherwise load
		// it later inside Tx.Check's own goroutine.
		PreLoadFreelist: true,
	})
}

// ErrCorrupt marks a damaged store file: bbolt cannot read it, a record
// does not match its checksum, or a bucket of its layout is missing.
var ErrCorrupt = errors.New("store file is damaged")

// view and update run fn in a transaction, turning a bbolt panic on a
// damaged page into ErrCorrupt. A truncated file makes bbolt read past the
// end of its memory map, which is a fault (SIGBUS), not a panic; asking the
// runtime to panic on faults lets us report it instead of crashing.
func (db *DB) view(fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverCorrupt(&err)
	return db.bolt.View(fn)
}

func (db *DB) update(fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverCorrupt(&err)
	return db.bolt.Update(fn)
}

func recoverCorrupt(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: %v", ErrCorrupt, r)
	}
}

// Close releases the file and its lock.
func (db *DB) Close() error { return db.bolt.Close() }

// Path is the file the store lives in.
func (db *DB) Path() string { return db.path }

// Series identifies one stored series: the exact query text and the date
// field its years are counted on.
type Series struct {
	Query string
	Field string // PubMed date tag, e.g. "dp"
}

func (s Series) key() []byte {
	return append(append([]byte(s.Field), 0), s.Query...)
}

func parseSeriesKey(k []byte) Series {
	field, query, _ := bytes.Cut(k, []byte{0})
	return Series{Field: string(field), Query: string(query)}
}

// Warning is one of the diagnostics ESearch returned with a count.
type Warning struct {
	// Kind is the name of NCBI's list the text came from, for example
	// "phrasesnotfound", "fieldsnotfound" or "quotedphrasesnotfound".
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// Observation is one count, as fetched at one moment.
type Observation struct {
	Series
	Year      int
	Count     int64
	FetchedAt time.Time
	// Translation is PubMed's querytranslation for the request.
	Translation string
	Warnings    []Warning
	// Source says where the count came from; empty means ESearch.
	Source string
	// Run identifies the collection that fetched the count. Counts that
	// must agree with each other (a topic and the parts of its
	// breakdown) are only combined when they come from one run.
	Run string
}

// record is the stored value; the series, year and time live in the keys.
type record struct {
	Count       int64     `json:"count"`
	FetchedAt   time.Time `json:"fetched_at"`
	Translation string    `json:"translation,omitempty"`
	Warnings    []Warning `json:"warnings,omitempty"`
	Source      string    `json:"source,omitempty"`
	Run         string    `json:"run,omitempty"`
	// Sum is a CRC-32 of the series key, the observation key and the
	// rest of the record: bbolt has no checksums on data pages, and a
	// flipped digit would otherwise be read as a different count.
	Sum uint32 `json:"sum"`
}

func (r record) withSum(sum uint32) record { r.Sum = sum; return r }
func (r record) sum() uint32               { return r.Sum }

// sealer is a stored JSON value that carries a CRC-32 of itself.
type sealer[T any] interface {
	withSum(uint32) T
	sum() uint32
}

// checksum is the CRC-32 (IEEE) of the series key, the key, and the
// value's JSON with its sum zero.
func checksum[T sealer[T]](s Series, k []byte, v T) (uint32, error) {
	j, err := json.Marshal(v.withSum(0))
	if err != nil {
		return 0, err
	}
	h := crc32.NewIEEE()
	h.Write(s.key())
	h.Write(k)
	h.Write(j)
	return h.Sum32(), nil
}

// seal encodes v with its checksum.
func seal[T sealer[T]](s Series, k []byte, v T) ([]byte, error) {
	sum, err := checksum(s, k, v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v.withSum(sum))
}

// unseal decodes a value stored by seal, or reports it as damaged.
func unseal[T sealer[T]](s Series, k, data []byte) (T, error) {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return v, fmt.Errorf("%w: value of %x in series %q: %v", ErrCorrupt, k, s.Query, err)
	}
	if sum, err := checksum(s, k, v); err != nil || sum != v.sum() {
		return v, fmt.Errorf("%w: checksum of %x in series %q does not match its record", ErrCorrupt, k, s.Query)
	}
	return v, nil
}

const keyLen = 2 + 8 + 8

func obsKey(year int, at time.Time, seq uint64) []byte {
	k := make([]byte, keyLen)
	binary.BigEndian.PutUint16(k, uint16(year))
	binary.BigEndian.PutUint64(k[2:], uint64(at.UnixNano()))
	binary.BigEndian.PutUint64(k[10:], seq)
	return k
}

func yearPrefix(year int) []byte {
	return binary.BigEndian.AppendUint16(nil, uint16(year))
}

// AppendFile opens the store at path, appends obs in one transaction and
// closes it again: a writer that holds the file only for the length of a
// commit leaves it to readers the rest of the time.
func AppendFile(path string, obs ...Observation) error {
	db, err := Open(path, Options{})
	if err != nil {
		return err
	}
	if err := db.Append(obs...); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}

// Append adds observations in one transaction: all of them are committed,
// or none.
func (db *DB) Append(obs ...Observation) error {
	for _, o := range obs {
		if err := o.validate(); err != nil {
			return err
		}
	}
	err := db.update(func(tx *bolt.Tx) error { return appendTx(tx, obs) })
	if err != nil {
		return fmt.Errorf("append %d observations: %w", len(obs), err)
	}
	return nil
}

// appendTx adds validated observations in tx.
func appendTx(tx *bolt.Tx, obs []Observation) error {
	root, err := bucket(tx, bucketSeries)
	if err != nil {
		return err
	}
	for _, o := range obs {
		err := appendSealed(root, o.Series, o.Year, o.FetchedAt, record{
			Count:       o.Count,
			FetchedAt:   o.FetchedAt.UTC(),
			Translation: o.Translation,
			Warnings:    o.Warnings,
			Source:      o.Source,
			Run:         o.Run,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// appendSealed appends v to the history of s under root (the series or
// refusals bucket), keyed by year, time and the next sequence number.
func appendSealed[T sealer[T]](root *bolt.Bucket, s Series, year int, at time.Time, v T) error {
	b, err := root.CreateBucketIfNotExists(s.key())
	if err != nil {
		return err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	k := obsKey(year, at, seq)
	data, err := seal(s, k, v)
	if err != nil {
		return err
	}
	return b.Put(k, data)
}

func (s Series) validate() error {
	switch {
	case s.Query == "" || s.Field == "":
		return fmt.Errorf("series without query or date field")
	case bytes.IndexByte([]byte(s.Field), 0) >= 0:
		return fmt.Errorf("date field %q contains a NUL byte", s.Field)
	}
	return nil
}

func (o Observation) validate() error {
	if err := o.Series.validate(); err != nil {
		return err
	}
	switch {
	case o.Year < 1 || o.Year > 9999:
		return fmt.Errorf("observation year %d out of range", o.Year)
	case o.Count < 0:
		return fmt.Errorf("observation count %d is negative", o.Count)
	case o.FetchedAt.IsZero() || o.FetchedAt.UnixNano() < 0:
		return fmt.Errorf("observation without fetch time")
	}
	return nil
}

func decode(s Series, k, v []byte) (Observation, error) {
	year, r, err := unsealEntry[record](s, k, v)
	if err != nil {
		return Observation{}, err
	}
	return Observation{
		Series:      s,
		Year:        year,
		Count:       r.Count,
		FetchedAt:   r.FetchedAt,
		Translation: r.Translation,
		Warnings:    r.Warnings,
		Source:      r.Source,
		Run:         r.Run,
	}, nil
}

// unsealEntry decodes an entry appendSealed wrote, and the year of its key.
func unsealEntry[T sealer[T]](s Series, k, v []byte) (int, T, error) {
	if len(k) != keyLen {
		var zero T
		return 0, zero, fmt.Errorf("%w: key %x in series %q", ErrCorrupt, k, s.Query)
	}
	r, err := unseal[T](s, k, v)
	return int(binary.BigEndian.Uint16(k)), r, err
}

// History returns every observation of one series, ordered by year and then
// by fetch time. A year of 0 means all years.
func (db *DB) History(s Series, year int) ([]Observation, error) {
	var out []Observation
	err := db.view(func(tx *bolt.Tx) error {
		b := seriesBucket(tx, s)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		var prefix []byte
		if year != 0 {
			prefix = yearPrefix(year)
		}
		var walk order
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if err := walk.check(k, s); err != nil {
				return err
			}
			o, err := decode(s, k, v)
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		return nil
	})
	return out, err
}

// Latest returns the newest observation of each stored year of a series
// whose Source satisfies keep (nil keeps all). It reads one record per
// year, from the end of each year's keys backwards, not the whole history.
func (db *DB) Latest(s Series, keep func(source string) bool) (map[int]Observation, error) {
	latest := make(map[int]Observation)
	err := db.view(func(tx *bolt.Tx) error {
		b := seriesBucket(tx, s)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		prevYear := -1
		for k, _ := c.First(); k != nil; {
			if len(k) != keyLen {
				return fmt.Errorf("%w: key %x in series %q", ErrCorrupt, k, s.Query)
			}
			year := int(binary.BigEndian.Uint16(k))
			if year <= prevYear {
				return fmt.Errorf("%w: keys of series %q out of order", ErrCorrupt, s.Query)
			}
			prevYear = year
			prefix := yearPrefix(year)
			// The last key of the year is its newest observation; step
			// back past the ones keep rejects.
			var next []byte
			if year < 0xFFFF {
				next, _ = c.Seek(yearPrefix(year + 1))
			}
			var kk, vv []byte
			if next == nil {
				kk, vv = c.Last()
			} else {
				kk, vv = c.Prev()
			}
			walk := order{desc: true}
			for ; kk != nil && bytes.HasPrefix(kk, prefix); kk, vv = c.Prev() {
				if err := walk.check(kk, s); err != nil {
					return err
				}
				o, err := decode(s, kk, vv)
				if err != nil {
					return err
				}
				if keep == nil || keep(o.Source) {
					latest[year] = o
					break
				}
			}
			if next == nil {
				break
			}
			k, _ = c.Seek(next)
		}
		return nil
	})
	return latest, err
}

// FromESearch is a Latest filter that keeps counts fetched from ESearch,
// leaving out imported ones.
func FromESearch(source string) bool { return source == "" }

// SeriesList returns every series in the store, sorted by query text.
func (db *DB) SeriesList() ([]Series, error) {
	var out []Series
	err := db.view(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketSeries)
		if root == nil {
			return nil
		}
		var walk order
		return root.ForEachBucket(func(k []byte) error {
			if err := walk.check(k, Series{}); err != nil {
				return err
			}
			out = append(out, parseSeriesKey(k))
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Query != out[j].Query {
			return out[i].Query < out[j].Query
		}
		return out[i].Field < out[j].Field
	})
	return out, err
}

func seriesBucket(tx *bolt.Tx, s Series) *bolt.Bucket {
	root := tx.Bucket(bucketSeries)
	if root == nil {
		return nil
	}
	return root.Bucket(s.key())
}

// SetName records that name refers to series s, replacing an earlier
// mapping of the same name (the series itself is kept).
//
// Deprecated: imports use Import, which writes the counts and the name in
// one transaction and gives every name a series of its own.
func (db *DB) SetName(name string, s Series) error {
	if name == "" {
		return errors.New("set name: empty name")
	}
	err := db.update(func(tx *bolt.Tx) error {
		b, err := bucket(tx, bucketNames)
		if err != nil {
			return err
		}
		return b.Put([]byte(name), s.key())
	})
	if err != nil {
		return fmt.Errorf("set name %q: %w", name, err)
	}
	return nil
}

// Names returns every name given to a series outside the config: those
// of imports, and those a schema-1 store recorded (which may share a
// series).
func (db *DB) Names() (map[string]Series, error) {
	out := make(map[string]Series)
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketNames)
		if b == nil {
			return nil
		}
		var walk order
		return b.ForEach(func(k, v []byte) error {
			if err := walk.check(k, Series{}); err != nil {
				return err
			}
			out[string(k)] = parseSeriesKey(v)
			return nil
		})
	})
	return out, err
}

// order guards cursor walks over a damaged file: the keys of a sound
// bucket come strictly in order, while a damaged page that points back to
// an earlier one would make a walk loop forever.
type order struct {
	last []byte
	desc bool // walking backwards
}

func (o *order) check(k []byte, s Series) error {
	if o.last != nil {
		c := bytes.Compare(k, o.last)
		if (!o.desc && c <= 0) || (o.desc && c >= 0) {
			return fmt.Errorf("%w: keys of series %q out of order", ErrCorrupt, s.Query)
		}
	}
	o.last = append(o.last[:0], k...)
	return nil
}
