package server

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/store"
)

func (s *Server) open() (*store.DB, error) {
	return store.Open(s.opts.Path, store.Options{ReadOnly: true, Timeout: s.opts.StoreTimeout})
}

// versionTTL is how long a version read stands for the requests that
// follow it. A reader holds the store's shared lock while it reads, and a
// commit must wait for every reader to let go (bbolt retries its lock every
// 50 ms), so a server that read the version for each of thousands of
// requests a second would keep a collection waiting, and the requests
// that arrive during its commit waiting 50 ms after it. Once per
// versionTTL, an answer reflects the store as of at most that long ago.
const versionTTL = 5 * time.Millisecond

// version reads the store's version, at most once per versionTTL;
// requests that arrive while a read is in flight share its answer.
func (s *Server) version() (uint64, error) {
	s.versionMu.Lock()
	if time.Since(s.versionAt) < s.versionTTL {
		v := s.versionSeen
		s.versionMu.Unlock()
		return v, nil
	}
	s.versionMu.Unlock()
	v, err, _ := s.flight.Do("version", func() (any, error) {
		start := time.Now()
		db, err := s.open()
		if err != nil {
			return uint64(0), err
		}
		defer db.Close()
		v, err := db.Version()
		if err == nil {
			s.versionMu.Lock()
			s.versionSeen, s.versionAt = v, start
			s.versionMu.Unlock()
		}
		return v, err
	})
	return v.(uint64), err
}

// snapshot is what one request read from the store, in one opening: the
// version and the dataset agree.
type snapshot struct {
	version uint64
	ds      *dataset.Dataset // nil when nothing could be loaded
	need    dataset.Need     // the resolved names and years and what they need, for a fill
	err     error            // why the request cannot be answered as asked
}

// read resolves p's names and loads their counts: the engine's read
// sequence (Gather without the fetch), on a store held open only for it.
func (s *Server) read(p params, now time.Time) snapshot {
	// What the CLI's compare reads: totals, distinct records, the breakdown.
	req := dataset.Request{Args: p.Q, Range: dataset.Range{From: p.From, To: p.To}, Totals: true, Distinct: true, By: p.By}
	db, err := s.open()
	if errors.Is(err, store.ErrNotExist) {
		// Nothing collected yet: the names still resolve, for a fill.
		cat, cerr := dataset.NewCatalog(s.opts.Config, nil)
		if cerr != nil {
			return snapshot{err: cerr}
		}
		need, perr := dataset.Prepare(s.opts.Config, cat, req, now)
		if perr != nil {
			return snapshot{err: perr}
		}
		return snapshot{need: need, err: err}
	}
	if err != nil {
		return snapshot{err: err}
	}
	defer db.Close()
	v, err := db.Version()
	if err != nil {
		return snapshot{err: err}
	}
	cat, err := dataset.NewCatalog(s.opts.Config, db)
	if err != nil {
		return snapshot{version: v, err: err}
	}
	need, err := dataset.Prepare(s.opts.Config, cat, req, now)
	if err != nil {
		return snapshot{version: v, err: err}
	}
	ds, err := dataset.Load(db, need, now)
	if err != nil {
		return snapshot{version: v, need: need, err: err}
	}
	return snapshot{version: v, ds: ds, need: need, err: ds.Check(cat, s.fetch == nil, false)}
}

// tagOf is the ETag of an answer: this process, the route and its
// normalised parameters, the day (which decides what is partial) and the
// data itself. Data, not the store's version: a commit of other topics
// leaves a chart's ETag, and its rendering, as they were.
func (s *Server) tagOf(key string, ds *dataset.Dataset) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", s.epoch, key)
	if ds != nil {
		d := *ds
		d.Now = time.Time{} // the day is in key
		json.NewEncoder(h).Encode(&d)
	}
	return `"` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18]) + `"`
}

// stateKey names a request's answer at a store version: the cache of
// ETags, which lets a request skip reading the store when nothing was
// committed since the same request was last answered.
func stateKey(version uint64, key string) string {
	return strconv.FormatUint(version, 10) + "\x00" + key
}

// requestKey is a route, its normalised parameters and the day.
func requestKey(route string, p params, allowed []string, now time.Time, extra string) string {
	return route + "?" + p.values(allowed).Encode() + "\x00" + now.UTC().Format(time.DateOnly) + "\x00" + extra
}

// body is a rendered answer and how to send it.
type body struct {
	data        []byte
	contentType string
	csp         string
	disposition string // Content-Disposition; "" for none
	crossOrigin bool   // embeddable by other sites (Cross-Origin-Resource-Policy)
}

// sendCached answers key's request from the caches, without reading the
// store's counts, when the store is at a version that has answered it
// before and its body is still kept. It reports whether it answered.
func (s *Server) sendCached(w http.ResponseWriter, r *http.Request, key string) bool {
	v, err := s.version()
	if err != nil {
		return false
	}
	tag, ok := s.tags.get(stateKey(v, key))
	if !ok {
		return false
	}
	b, ok := s.bodies.get(tag)
	if ok {
		s.send(w, r, tag, b, "hit")
	}
	return ok
}

// matches reports whether an If-None-Match header names tag.
func matches(ifNoneMatch, tag string) bool {
	for _, t := range strings.Split(ifNoneMatch, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

// send writes b under tag, or 304 when the client has it.
func (s *Server) send(w http.ResponseWriter, r *http.Request, tag string, b body, how string) {
	h := w.Header()
	h.Set("Cache-Control", "no-cache") // keep, but ask each time: answers change with the next commit
	h.Set("Content-Security-Policy", b.csp)
	if b.csp == pageCSP {
		h.Set("X-Frame-Options", "DENY")
	}
	if b.crossOrigin {
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	} else {
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
	}
	if tag != "" {
		h.Set("ETag", tag)
		if matches(r.Header.Get("If-None-Match"), tag) {
			noteCache(w, "304")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else {
		h.Set("Cache-Control", "no-store")
	}
	noteCache(w, how)
	h.Set("Content-Type", b.contentType)
	h.Set("Content-Length", strconv.Itoa(len(b.data)))
	if b.disposition != "" {
		h.Set("Content-Disposition", b.disposition)
	}
	w.Write(b.data)
}

// render makes tag's body once, however many requests wait for it, and
// keeps it: under the cap on renders at once, waiting at most RenderWait
// for a turn. The render goes on when the request that started it goes
// away: others may be waiting for it, and it is kept.
func (s *Server) render(tag string, make func() (body, error)) (body, bool, error) {
	if b, ok := s.bodies.get(tag); ok {
		return b, true, nil
	}
	v, err, _ := s.flight.Do("render"+tag, func() (any, error) {
		if b, ok := s.bodies.get(tag); ok {
			return b, nil
		}
		wait := time.NewTimer(s.opts.RenderWait)
		defer wait.Stop()
		select {
		case s.turns <- struct{}{}:
		case <-wait.C:
			return body{}, errBusy
		}
		defer func() { <-s.turns }()
		b, err := make()
		if err != nil {
			return body{}, err
		}
		s.rendered.Add(1)
		s.bodies.put(tag, b, len(b.data))
		return b, nil
	})
	return v.(body), false, err
}

// cacheWord says how an answer was made, for the request log.
func cacheWord(hit bool) string {
	if hit {
		return "hit"
	}
	return "miss"
}
