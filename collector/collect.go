package collector

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/pubtrend/pubtrend/store"
)

// Saver commits observations; Collect calls it from one goroutine only.
// A Saver that opens the store for each call keeps the file free for
// readers while requests are in flight.
type Saver func([]store.Observation) error

// Report says what a collection did.
type Report struct {
	Planned int
	Stored  int
	// Failed lists the counts that still failed after all retries, that
	// NCBI refused, or whose query PubMed altered (a *QueryError: nothing
	// is stored for them); everything else was stored.
	Failed []JobError
}

// JobError is a count that could not be fetched.
type JobError struct {
	Job Job
	Err error
}

func (e JobError) Error() string { return fmt.Sprintf("%v: %v", e.Job, e.Err) }

// ErrUnreachable is returned when so many counts in a row fail that
// carrying on would only send NCBI more doomed requests.
var ErrUnreachable = errors.New("giving up: too many counts in a row failed")

// consecutiveFailures is how many counts in a row may fail (after their
// own retries) before the run gives up.
const consecutiveFailures = 5

// Collect fetches every job, as fast as the rate limit allows, and hands
// each result to save as it arrives. It returns early, with an error, when
// ctx ends, when save fails, when NCBI rejects the API key, or when
// consecutiveFailures counts in a row fail after their retries (NCBI
// refusing a query, or answering it for an altered query, says nothing of
// the next one and does not count); whatever was saved stays saved.
// progress, if not nil, is called after each job.
func (c *Client) Collect(ctx context.Context, jobs []Job, save Saver, progress func(done, total int)) (Report, error) {
	rep := Report{Planned: len(jobs)}
	if len(jobs) == 0 {
		return rep, nil
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var stopErr error
	stop := func(err error) {
		if stopErr == nil {
			stopErr = err
		}
		cancel()
	}

	// Enough requests in flight that waiting on the network never idles
	// the rate limiter: rate × a slow answer, plus slack.
	workers := min(len(jobs), int(math.Ceil(c.opts.Rate*c.opts.Timeout.Seconds()/10))+4)

	type outcome struct {
		job Job
		obs store.Observation
		err error
	}
	queue := make(chan Job)
	results := make(chan outcome)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				res, err := c.Search(ctx, j.Term())
				o := outcome{job: j, err: err}
				if err == nil {
					o.obs = store.Observation{
						Series: j.Series, Year: j.Year, Count: res.Count,
						FetchedAt: c.now().UTC(), Translation: res.Translation, Warnings: res.Warnings,
					}
				}
				select {
				case results <- o:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(queue)
		for _, j := range jobs {
			select {
			case queue <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	done, failedInRow := 0, 0
	var batch []store.Observation
	var pending []outcome
	for first := range results {
		// Commit what has arrived together in one transaction: fewer
		// fsyncs under load, no waiting when it is quiet.
		pending = append(pending[:0], first)
	drain:
		for {
			select {
			case o, ok := <-results:
				if !ok {
					break drain
				}
				pending = append(pending, o)
			default:
				break drain
			}
		}
		batch = batch[:0]
		for _, o := range pending {
			if o.err == nil {
				batch = append(batch, o.obs)
			}
		}
		if len(batch) > 0 {
			if err := save(batch); err != nil {
				stop(err)
				break
			}
		}
		for _, o := range pending {
			done++
			if progress != nil {
				progress(done, len(jobs))
			}
			if o.err != nil {
				if ctx.Err() != nil {
					continue // cut short by the stop, not failed
				}
				rep.Failed = append(rep.Failed, JobError{Job: o.job, Err: o.err})
				if Retryable(o.err) {
					// NCBI refusing one query, or answering it for an
					// altered query, says nothing about the next;
					// failures that outlast retries do.
					failedInRow++
				}
				switch {
				case errors.Is(o.err, ErrInvalidKey):
					stop(o.err)
				case failedInRow >= consecutiveFailures:
					stop(fmt.Errorf("%w: last error: %w", ErrUnreachable, o.err))
				}
				continue
			}
			failedInRow = 0
			rep.Stored++
		}
	}
	cancel()
	for range results {
		// Let the workers finish after an early stop.
	}
	sort.Slice(rep.Failed, func(i, j int) bool { return jobLess(rep.Failed[i].Job, rep.Failed[j].Job) })
	if stopErr != nil {
		return rep, stopErr
	}
	return rep, context.Cause(parent)
}

func jobLess(a, b Job) bool {
	if a.Series.Query != b.Series.Query {
		return a.Series.Query < b.Series.Query
	}
	return a.Year < b.Year
}
