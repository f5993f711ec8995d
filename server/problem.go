package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pubtrend/pubtrend/charts"
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/report"
	"github.com/pubtrend/pubtrend/store"
)

var (
	errNotFound = errors.New("there is no page at this address")
	errMethod   = errors.New("this server only answers GET and HEAD")
	// errBusy is a request that waited too long for a turn to render.
	errBusy = errors.New("the server is busy drawing other charts")
	// errNoQ is a chart or comparison without a topic.
	errNoQ = &paramError{msg: "q: name at least one topic or PubMed query, e.g. ?q=exosome"}
)

// problem is an error as a reader sees it: a status, the message the CLI
// would print and a hint.
type problem struct {
	Status     int
	Message    string
	Hint       string
	RetryAfter int // seconds; 0 for none
}

// explain is the one place that maps an error to an HTTP status, a
// message and a hint: report.Hint where the advice is the same for every
// front end, this server's own where it is not (the CLI's --offline is
// this server without --fetch). Messages of 5xx errors are generic: the
// full error, which may name files, goes to the log only.
func (s *Server) explain(err error) problem {
	var (
		pe       *paramError
		he       *hostError
		argErr   *dataset.ArgumentError
		unknown  *dataset.UnknownTopicError
		noData   *dataset.NoDataError
		refused  *dataset.RefusedError
		noTotals *report.NoTotalsError
		ce       *collectingError
		de       *drawError
	)
	collectHint := "this server shows stored counts only: run 'pubtrend collect' with the same topics beside it, or start it with --fetch"
	if s.fetch != nil {
		collectHint = "reload in a moment: this server collects what is missing"
	}
	p := problem{Message: err.Error(), Hint: report.Hint(err)}
	switch {
	case errors.As(err, &pe), errors.As(err, &argErr), errors.As(err, &unknown):
		p.Status = http.StatusBadRequest
	case errors.Is(err, charts.ErrLogBars):
		p.Status = http.StatusBadRequest
		p.Message = "a log scale needs lines: bar lengths on a log axis do not compare"
		p.Hint = "choose style=line, or leave the style to the chart"
	case errors.As(err, &he):
		p.Status = http.StatusMisdirectedRequest
		p.Hint = "open this server by the address it prints when it starts"
	case errors.Is(err, errNotFound):
		p.Status = http.StatusNotFound
		p.Hint = "the explorer is at /; charts at /chart.svg?q=TOPIC"
	case errors.Is(err, errMethod):
		p.Status = http.StatusMethodNotAllowed
	case errors.As(err, &noTotals):
		p.Status = http.StatusNotFound
		p.Hint = collectHint
	case errors.As(err, &de):
		p.Status = http.StatusBadRequest
	case errors.As(err, &ce):
		p.Status, p.RetryAfter = http.StatusServiceUnavailable, 5
		p.Hint = "this server collects what is missing; the chart appears when the counts are stored"
	case errors.As(err, &noData):
		p.Status = http.StatusNotFound
		if p.Hint == "" {
			p.Hint = collectHint
		}
	case errors.As(err, &refused):
		p.Status = http.StatusNotFound
	case errors.Is(err, store.ErrNotExist):
		p.Status = http.StatusNotFound
		p.Message = "nothing has been collected yet: there is no store"
		p.Hint = collectHint
	case errors.Is(err, store.ErrBusy):
		p.Status, p.RetryAfter = http.StatusServiceUnavailable, 2
		p.Message = "the store is busy"
	case errors.Is(err, errBusy):
		p.Status, p.RetryAfter = http.StatusServiceUnavailable, 1
		p.Hint = "try again in a moment"
	case errors.Is(err, store.ErrCorrupt):
		p.Status = http.StatusInternalServerError
		p.Message = "the store is damaged"
		p.Hint = "the server's operator can run 'pubtrend verify', and restore a backup made with 'pubtrend backup'"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		p.Status = http.StatusServiceUnavailable
		p.Message = "the request was cancelled"
	default:
		p.Status = http.StatusInternalServerError
		p.Message = "something went wrong on the server"
		p.Hint = "the server's log has the details"
	}
	return p
}

// fail answers a request with err: an HTML page for pages, plain text
// for charts and data (which an <img> or a script reads).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := s.explain(err)
	if p.Status >= 500 {
		s.log.Error("request failed", "path", r.URL.Path, "status", p.Status, "err", err)
	}
	if isPage(r.URL.Path) {
		s.renderProblem(w, r, p)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Security-Policy", dataCSP)
	h.Set("Cache-Control", "no-store")
	if p.RetryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(p.RetryAfter))
	}
	w.WriteHeader(p.Status)
	fmt.Fprintf(w, "pubtrend: error: %s\n", report.Printable(p.Message))
	if p.Hint != "" {
		fmt.Fprintf(w, "pubtrend: hint: %s\n", report.Printable(p.Hint))
	}
}

// isPage tells routes that answer HTML from those that answer data.
func isPage(path string) bool {
	for _, prefix := range []string{"/chart.", "/compare.", "/healthz", "/assets/"} {
		if strings.HasPrefix(path, prefix) {
			return false
		}
	}
	return true
}
