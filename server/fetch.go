package server

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"context"

	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/report"
)

// Bounds on what --fetch collects for visitors.
const (
	maxQueued   = 16               // selections waiting; more are refused until the queue drains
	maxPlanned  = 1000             // counts one selection may fetch (10 topics × a century)
	retryFailed = 10 * time.Minute // a selection whose fill failed is not tried again sooner
	retryBusy   = 30 * time.Second // nor one skipped because a collection was running
	keepFills   = 256              // finished fills remembered, for their status
)

// fetcher collects what visitors ask for and the store lacks, one
// selection at a time, through one client: the process sends no more than
// that client's rate limiter allows, however many visitors ask.
type fetcher struct {
	client *collector.Client
	path   string
	now    func() time.Time
	log    *slog.Logger
	wake   chan struct{}

	finished func() // called after each fill; for tests

	mu    sync.Mutex
	fills map[string]*fill
	queue []*fill
}

type fillState int

const (
	queued fillState = iota
	running
	finished
)

// fill is one selection's collection.
type fill struct {
	key         string
	need        dataset.Need
	state       fillState
	planned     int
	done, total int
	ended       time.Time
	result      dataset.FillResult
	err         error
}

func newFetcher(c *collector.Client, path string, now func() time.Time, log *slog.Logger) *fetcher {
	return &fetcher{client: c, path: path, now: now, log: log, wake: make(chan struct{}, 1), fills: make(map[string]*fill)}
}

// collecting is a fill as a page shows it.
type collecting struct {
	State   string // "queued", "running", "failed", "busy" (another collection ran), "full" (queue), "large"
	Planned int    // counts to fetch
	Done    int
	Ahead   int    // selections queued before this one
	Message string // why it failed
}

// active reports a fill that is still to come: the page refreshes.
func (c *collecting) active() bool {
	return c != nil && (c.State == "queued" || c.State == "running")
}

// collectingError answers a chart or comparison whose counts are being
// collected: 503, try again.
type collectingError struct{ status *collecting }

func (e *collectingError) Error() string {
	return fmt.Sprintf("collecting %d counts from PubMed (%d done): try again in a moment", e.status.Planned, e.status.Done)
}

// want plans what a snapshot lacks and queues its collection, when the
// server fetches. PubMed's totals come along, as with pubtrend compare:
// the page's summary needs them, and a chart and its page then share one
// collection. It returns nil when nothing is missing that a collection
// could bring (or the server does not fetch).
func (s *Server) want(snap snapshot, now time.Time) *collecting {
	if s.fetch == nil || len(snap.need.Sel.Topics) == 0 {
		return nil
	}
	need := snap.need
	need.Totals, need.Refresh = true, dataset.Missing
	jobs, err := dataset.Plan(s.opts.Path, need, now)
	if err != nil {
		s.log.Warn("plan", "err", err)
		return nil
	}
	if len(jobs) == 0 {
		return nil
	}
	if len(jobs) > maxPlanned {
		return &collecting{State: "large", Planned: len(jobs),
			Message: fmt.Sprintf("%d counts are missing: this server collects at most %d for one page; ask for fewer topics or years", len(jobs), maxPlanned)}
	}
	return s.fetch.want(need, len(jobs))
}

func fillKey(n dataset.Need) string {
	var b strings.Builder
	for _, t := range n.Sel.Topics {
		fmt.Fprintf(&b, "%q %d-%d|", t.Query, t.From, t.To)
	}
	for _, by := range n.By {
		fmt.Fprintf(&b, "by %s|", by.Name)
	}
	fmt.Fprint(&b, n.Totals, n.Distinct)
	return b.String()
}

// busy reports whether a collection is queued or running.
func (f *fetcher) busy() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queue) > 0 {
		return true
	}
	for _, fl := range f.fills {
		if fl.state == running {
			return true
		}
	}
	return false
}

func (f *fetcher) want(need dataset.Need, planned int) *collecting {
	key := fillKey(need)
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl, ok := f.fills[key]; ok {
		if fl.state != finished || f.now().Sub(fl.ended) < fl.retryAfter() {
			return f.status(fl)
		}
		delete(f.fills, key)
	}
	if len(f.queue) >= maxQueued {
		return &collecting{State: "full", Planned: planned, Message: "too many collections are waiting; try again in a few minutes"}
	}
	f.prune()
	fl := &fill{key: key, need: need, planned: planned}
	f.fills[key] = fl
	f.queue = append(f.queue, fl)
	select {
	case f.wake <- struct{}{}:
	default:
	}
	return f.status(fl)
}

func (fl *fill) retryAfter() time.Duration {
	switch {
	case fl.err != nil || len(fl.result.Report.Failed) > 0:
		return retryFailed
	case fl.result.Skipped > 0:
		return retryBusy
	}
	return 0
}

// status describes fl; f.mu is held.
func (f *fetcher) status(fl *fill) *collecting {
	c := &collecting{Planned: fl.planned, Done: fl.done}
	switch {
	case fl.state == queued:
		c.State = "queued"
		for _, q := range f.queue {
			if q == fl {
				break
			}
			c.Ahead++
		}
	case fl.state == running:
		c.State = "running"
		if fl.total > 0 {
			c.Planned = fl.total
		}
	case fl.err != nil:
		c.State, c.Message = "failed", fl.err.Error()
	case len(fl.result.Report.Failed) > 0:
		var buf bytes.Buffer
		report.WriteFailures(&buf, "", fl.result.Report.Failed)
		c.State, c.Message = "failed", strings.TrimSpace(buf.String())
	case fl.result.Skipped > 0:
		c.State, c.Message = "busy", "a collection was running beside this server, so nothing was fetched; stored counts are shown"
	default:
		return nil // collected: nothing to say
	}
	return c
}

// prune forgets the oldest finished fills beyond keepFills; f.mu is held.
func (f *fetcher) prune() {
	for len(f.fills) >= keepFills {
		var oldest *fill
		for _, fl := range f.fills {
			if fl.state == finished && (oldest == nil || fl.ended.Before(oldest.ended)) {
				oldest = fl
			}
		}
		if oldest == nil {
			return
		}
		delete(f.fills, oldest.key)
	}
}

// run collects queued selections, one at a time, until ctx ends.
func (f *fetcher) run(ctx context.Context) {
	for {
		f.mu.Lock()
		if len(f.queue) == 0 {
			f.mu.Unlock()
			select {
			case <-ctx.Done():
				return
			case <-f.wake:
				continue
			}
		}
		fl := f.queue[0]
		f.queue = f.queue[1:]
		fl.state = running
		f.mu.Unlock()

		client := func() (*collector.Client, error) { return f.client, nil }
		progress := func(done, total int) {
			f.mu.Lock()
			fl.done, fl.total = done, total
			f.mu.Unlock()
		}
		res, err := dataset.Fill(ctx, client, f.path, fl.need, f.now(), progress)
		f.mu.Lock()
		fl.state, fl.ended, fl.result, fl.err = finished, f.now(), res, err
		f.mu.Unlock()
		f.log.Info("collected", "topics", len(fl.need.Sel.Topics), "planned", fl.planned, "stored", res.Report.Stored,
			"failed", len(res.Report.Failed), "skipped", res.Skipped, "err", err)
		if f.finished != nil {
			f.finished()
		}
		if errors.Is(ctx.Err(), context.Canceled) {
			return
		}
	}
}
