package collector

import (
	"context"
	"sync"
	"time"
)

// pacer spaces the requests of the whole process. It grants a send at the
// moment of sending, never ahead: a worker that waits re-checks the pace
// and the pause each time it wakes, so when NCBI refuses a request, every
// send after that follows the new pace at once. (x/time/rate hands out
// reservations that a later SetLimit does not revoke: after a 429, the
// requests already reserved went out at the old pace.)
//
// A 429 pauses every send for NCBI's Retry-After, or a second: that
// empties NCBI's one-second window whoever filled it, so a one-off burst
// from another program on the same IP costs the pause and nothing more.
// A second refusal soon after shows the pace itself is too fast (a limit
// stricter than documented, a neighbour who keeps sending): the pace
// halves, and each answered request gives back an eighth of the
// configured rate (multiplicative decrease, additive increase, as TCP).
type pacer struct {
	full float64 // the configured rate, requests per second

	mu        sync.Mutex
	rate      float64       // the pace now
	last      time.Time     // when the last send was granted
	pause     time.Time     // no send before this
	refusedAt time.Time     // when the last refusal was learnt
	faster    chan struct{} // closed when the pace rises, to wake waiters early
}

// repeatWindow is how soon a second refusal must follow the first for the
// pace itself to be at fault.
const repeatWindow = 10 * time.Second

// minRate is the slowest the pacer goes, in requests per second.
const minRate = 0.5

func newPacer(rate float64) *pacer {
	return &pacer{full: rate, rate: rate, faster: make(chan struct{})}
}

// wait blocks until a request may leave, and returns when it was granted.
func (p *pacer) wait(ctx context.Context) (time.Time, error) {
	for {
		p.mu.Lock()
		now := time.Now()
		at := p.last.Add(interval(p.rate))
		if p.pause.After(at) {
			at = p.pause
		}
		if !at.After(now) {
			p.last = now
			p.mu.Unlock()
			return now, nil
		}
		faster := p.faster
		p.mu.Unlock()

		t := time.NewTimer(at.Sub(now))
		select {
		case <-ctx.Done():
			t.Stop()
			return time.Time{}, context.Cause(ctx)
		case <-faster:
			t.Stop()
		case <-t.C:
		}
	}
}

// refused records a 429 for a request granted at sent. New sends pause
// for retryAfter or, when NCBI gave none, a second. A refusal of a
// request sent before the last one was learnt is old news (the requests
// in flight when the window fills come back refused together): it only
// lengthens the pause if NCBI asked for a longer one.
func (p *pacer) refused(sent time.Time, retryAfter time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	stale := sent.Before(p.refusedAt)
	wait := retryAfter
	if wait <= 0 {
		if stale {
			return
		}
		wait = time.Second
	}
	if until := now.Add(min(wait, maxPause)); until.After(p.pause) {
		p.pause = until
	}
	if stale {
		return
	}
	if !p.refusedAt.IsZero() && now.Sub(p.refusedAt) < repeatWindow {
		p.rate = max(p.rate/2, minRate)
	}
	p.refusedAt = now
}

// maxPause caps NCBI's Retry-After, so a wrong header cannot stall a run.
const maxPause = 2 * time.Minute

// answered records an answer to a request granted at sent: the pace
// recovers a step towards the configured rate. Answers to requests sent
// before the last refusal say nothing about the slower pace.
func (p *pacer) answered(sent time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rate < p.full && sent.After(p.refusedAt) {
		p.rate = min(p.rate+p.full/8, p.full)
		close(p.faster)
		p.faster = make(chan struct{})
	}
}

// current is the pace now, in requests per second.
func (p *pacer) current() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rate
}

func interval(rate float64) time.Duration {
	return time.Duration(float64(time.Second) / rate)
}
