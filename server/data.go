package server

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"

	"github.com/pubtrend/pubtrend/charts"
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/report"
)

// dataRoute is a chart or a comparison: an answer that is a function of
// the store's state and the parameters, cached by both.
type dataRoute struct {
	name    string // the path, e.g. "/chart.svg"
	allowed []string
	draw    func(p params, ds *dataset.Dataset) (body, error)
}

func (s *Server) chart(format charts.Format) http.HandlerFunc {
	types := map[charts.Format]string{charts.SVG: "image/svg+xml", charts.PNG: "image/png", charts.PDF: "application/pdf"}
	return s.data(dataRoute{
		name:    "/chart." + string(format),
		allowed: chartParams,
		draw: func(p params, ds *dataset.Dataset) (body, error) {
			var buf bytes.Buffer
			err := report.Chart(&buf, ds, report.ChartOptions{Style: p.Style, Log: p.Log, PerHundredK: p.PerHundredK,
				Share: p.Share, Width: p.Width, Height: p.Height, Format: format})
			b := body{data: buf.Bytes(), contentType: types[format], csp: chartCSP, crossOrigin: true}
			if format == charts.PDF {
				b.disposition = `inline; filename="` + fileName(p.Q) + `.pdf"`
			}
			return b, err
		},
	})
}

func (s *Server) compare(ext string) http.HandlerFunc {
	formats := map[string]report.Format{"json": report.JSON, "csv": report.CSV, "md": report.Markdown}
	types := map[string]string{"json": "application/json", "csv": "text/csv; charset=utf-8", "md": "text/markdown; charset=utf-8"}
	return s.data(dataRoute{
		name:    "/compare." + ext,
		allowed: compareParams,
		draw: func(p params, ds *dataset.Dataset) (body, error) {
			var buf bytes.Buffer
			err := report.Compare(ds).Write(&buf, formats[ext], p.PerHundredK)
			b := body{data: buf.Bytes(), contentType: types[ext], csp: dataCSP}
			if ext != "json" {
				b.disposition = `attachment; filename="` + fileName(p.Q) + `.` + ext + `"`
			}
			return b, err
		},
	})
}

// data answers a chart or comparison: from the ETag alone (304) or the
// cache when the store has not changed since the same request, else by
// reading the store, then from the cache when the data is unchanged,
// else by drawing it.
func (s *Server) data(rt dataRoute) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		now := s.opts.Now()
		p, err := parseParams(r.URL.RawQuery, rt.allowed, now)
		if err == nil && len(p.Q) == 0 {
			err = errNoQ
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		key := requestKey(rt.name, p, rt.allowed, now, "")
		if s.sendCached(w, r, key) {
			return
		}
		snap := s.read(p, now)
		pending := s.want(snap, now)
		if snap.err != nil {
			if pending != nil && pending.active() {
				w.Header().Set("Retry-After", "5")
				snap.err = &collectingError{status: pending}
			}
			s.fail(w, r, snap.err)
			return
		}
		tag := s.tagOf(key, snap.ds)
		if pending == nil {
			s.tags.put(stateKey(snap.version, key), tag, len(tag))
		}
		b, hit, err := s.render(tag, func() (body, error) {
			b, err := rt.draw(p, snap.ds)
			if err != nil {
				err = &drawError{err}
			}
			return b, err
		})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.send(w, r, tag, b, cacheWord(hit))
	}
}

// drawError is a chart or table the engine refused to draw from these
// parameters (a log scale on bars, a size too small for the text): the
// engine does no I/O there, so it is the request's fault, and its
// message is safe to show.
type drawError struct{ err error }

func (e *drawError) Error() string { return e.err.Error() }
func (e *drawError) Unwrap() error { return e.err }

var unsafeName = regexp.MustCompile(`[^a-z0-9]+`)

// fileName makes a download's name from its topics: lower-case letters,
// digits and dashes only, so it is safe in a header and on any disk.
func fileName(q []string) string {
	var parts []string
	for _, t := range q {
		if s := strings.Trim(unsafeName.ReplaceAllString(strings.ToLower(t), "-"), "-"); s != "" {
			parts = append(parts, s)
		}
	}
	name := truncate(strings.Join(parts, "-vs-"), 60)
	if name == "" {
		return "pubtrend"
	}
	return "pubtrend-" + strings.TrimRight(name, "-")
}
