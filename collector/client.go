package collector

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/gocolly/colly/v2"
)

// NCBIBaseURL is the E-utilities root. The www.ncbi.nlm.nih.gov host is
// deprecated and throttled harder (PROTOCOL.md §1).
const NCBIBaseURL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"

// NCBI's published limits, in requests per second (PROTOCOL.md §5).
const (
	LimitWithoutKey = 3
	LimitWithKey    = 10
)

// headroom keeps the default rate a little under NCBI's limit, so that
// jitter in when requests reach NCBI never puts four in one second.
const headroom = 0.95

// DateField is the PubMed date tag years are counted on: publication date,
// print or electronic, as PubMed's own timeline counts (PROTOCOL.md §6.1).
const DateField = "dp"

// Options configures a Client. Zero values take the defaults noted.
type Options struct {
	BaseURL string // E-utilities root; default NCBIBaseURL
	Tool    string // NCBI asks every request to name its tool …
	Email   string // … and a developer's e-mail address
	Key     APIKey // raises the limit from 3 to 10 requests/s

	// Rate caps requests per second for the whole process; default 95% of
	// NCBI's limit for the key (or its absence). Higher than the limit is
	// an error.
	Rate float64
	// Timeout bounds one request, answer included; default 30s.
	Timeout time.Duration
	// MaxTries bounds the attempts at one count; default 5. A request
	// NCBI refuses with 429 is not an attempt: it waits for the pause
	// and goes again.
	MaxTries uint
	// RateLimitWait bounds how long one count keeps going while NCBI
	// refuses it with 429, from its first refusal; default 2 minutes.
	// A server that refuses everything still ends the run: the counts
	// fail, and Collect gives up after a few in a row.
	RateLimitWait time.Duration
	// MinBackoff and MaxBackoff bound the wait between attempts; defaults
	// 1s and 30s. The waits grow exponentially, with jitter.
	MinBackoff, MaxBackoff time.Duration
	// PostOver is the encoded length above which a request is POSTed
	// instead of sent in the URL; default 1800 bytes.
	PostOver int
	// MaxBody bounds a response body; default 1 MiB. A count answer is
	// a few hundred bytes.
	MaxBody int
	// Logger receives one debug record per request (key redacted).
	Logger *slog.Logger
	// UserAgent defaults to "pubtrend".
	UserAgent string
	// Transport carries the requests; default http.DefaultTransport.
	// Tests give the fake server's in-memory one, so that pacing and
	// backoff run on testing/synctest's fake clock.
	Transport http.RoundTripper
}

// Client asks ESearch for counts. It is safe for concurrent use; all its
// requests share one pacer.
type Client struct {
	endpoint string
	host     string // for messages
	opts     Options
	pace     *pacer
	scrub    scrubber
	colly    *colly.Collector
	log      *slog.Logger
	now      func() time.Time
}

// New returns a Client, or an error naming the option to fix.
func New(opts Options) (*Client, error) {
	if opts.BaseURL == "" {
		opts.BaseURL = NCBIBaseURL
	}
	endpoint, err := esearchURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	limit := float64(LimitWithoutKey)
	if opts.Key.IsSet() {
		limit = LimitWithKey
	}
	switch {
	case opts.Rate < 0:
		return nil, fmt.Errorf("rate %g: must be positive", opts.Rate)
	case opts.Rate > limit:
		return nil, fmt.Errorf("rate %g requests/s is above NCBI's limit of %g (%s)", opts.Rate, limit, keyNote(opts.Key))
	case opts.Rate == 0:
		opts.Rate = limit * headroom
	}
	if strings.ContainsAny(opts.Tool, " \t") || strings.ContainsAny(opts.Email, " \t") {
		return nil, errors.New("ncbi tool and email must not contain spaces")
	}
	setDefault(&opts.Timeout, 30*time.Second)
	setDefault(&opts.MaxTries, 5)
	setDefault(&opts.RateLimitWait, 2*time.Minute)
	setDefault(&opts.MinBackoff, time.Second)
	setDefault(&opts.MaxBackoff, 30*time.Second)
	setDefault(&opts.PostOver, 1800)
	setDefault(&opts.MaxBody, 1<<20)
	setDefault(&opts.UserAgent, "pubtrend")
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}

	// colly is the transport only: its LimitRule (a delay, not a rate),
	// Request.Retry and CacheDir (which would cache 429s) are not used;
	// rate and retries live in Search.
	c := colly.NewCollector(
		colly.AllowURLRevisit(),
		colly.IgnoreRobotsTxt(),
		colly.ParseHTTPErrorResponse(),
		colly.MaxBodySize(opts.MaxBody),
		colly.UserAgent(opts.UserAgent),
	)
	c.SetRequestTimeout(opts.Timeout)
	if opts.Transport != nil {
		c.WithTransport(opts.Transport)
	}
	c.SetRedirectHandler(sameHostRedirects)
	c.DetectCharset = false

	u, _ := url.Parse(endpoint)
	return &Client{
		endpoint: endpoint,
		host:     u.Host,
		opts:     opts,
		pace:     newPacer(opts.Rate),
		scrub:    newScrubber(opts.Key, opts.BaseURL),
		colly:    c,
		log:      opts.Logger,
		now:      time.Now,
	}, nil
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

func keyNote(k APIKey) string {
	if k.IsSet() {
		return "with an API key"
	}
	return "without an API key; set NCBI_API_KEY for 10/s"
}

// esearchURL checks the E-utilities root and appends esearch.fcgi. Only
// https is accepted, but for loopback addresses (tests, local mirrors).
// Messages show the URL without its password.
func esearchURL(base string) (string, error) {
	shown := redactUserinfo(base)
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("base URL %q: want an absolute URL such as %s", shown, NCBIBaseURL)
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return "", fmt.Errorf("base URL %q: only https:// is allowed (http:// only for loopback addresses)", shown)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("base URL %q: give the root only, without ?query or #fragment", shown)
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/esearch.fcgi"
	return u.String(), nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func sameHostRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("too many redirects")
	}
	if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
		return fmt.Errorf("refusing redirect to another host (%s)", req.URL.Host)
	}
	return nil
}

// Rate is the number of requests per second the client sends at most.
func (c *Client) Rate() float64 { return c.opts.Rate }

// CurrentRate is the pace now: below Rate after NCBI refused requests.
func (c *Client) CurrentRate() float64 { return c.pace.current() }

// Term is the ESearch term counting query in one publication year: the
// range form YYYY:YYYY[dp], which PubMed Help recommends for a full year.
func Term(query string, year int) string {
	return fmt.Sprintf("(%s) AND %d:%d[%s]", query, year, year, DateField)
}

// Count asks how many PubMed records match query in year.
func (c *Client) Count(ctx context.Context, query string, year int) (Result, error) {
	return c.Search(ctx, Term(query, year))
}

// Search sends one ESearch for term, retrying what is transient, and
// returns the count it answered. Every request waits for the pacer.
func (c *Client) Search(ctx context.Context, term string) (Result, error) {
	encoded := c.form(term).Encode()
	b := &backoff.ExponentialBackOff{
		InitialInterval:     c.opts.MinBackoff,
		RandomizationFactor: 0.5,
		Multiplier:          2,
		MaxInterval:         c.opts.MaxBackoff,
	}
	attempt := 0
	var refusedSince time.Time // the count's first 429
	res, err := backoff.Retry(ctx, func() (Result, error) {
		attempt++
		for {
			sent, err := c.pace.wait(ctx)
			if err != nil {
				return Result{}, backoff.Permanent(err)
			}
			res, err := c.once(ctx, encoded, attempt)
			var rl *RateLimitError
			if !errors.As(err, &rl) {
				if err == nil {
					c.pace.answered(sent)
				} else if !Retryable(err) {
					err = backoff.Permanent(err)
				}
				return res, err
			}
			// Refused: not an attempt. The pacer holds every send
			// of the process for the pause, then this one goes again.
			c.pace.refused(sent, rl.RetryAfter)
			if refusedSince.IsZero() {
				refusedSince = sent
			}
			if d := c.now().Sub(refusedSince); d >= c.opts.RateLimitWait {
				return Result{}, backoff.Permanent(fmt.Errorf("%w, for %s", err, d.Round(time.Second)))
			}
		}
	},
		backoff.WithBackOff(b),
		backoff.WithMaxTries(c.opts.MaxTries),
		backoff.WithMaxElapsedTime(0),
	)
	if err != nil {
		if attempt > 1 && Retryable(err) {
			err = fmt.Errorf("%w (after %d attempts)", err, attempt)
		}
		return Result{}, err
	}
	return res, nil
}

// form is the ESearch request for term (PROTOCOL.md §6).
func (c *Client) form(term string) url.Values {
	form := url.Values{
		"db":      {"pubmed"},
		"term":    {term},
		"retmode": {"json"},
		"retmax":  {"0"},
	}
	if c.opts.Tool != "" {
		form.Set("tool", c.opts.Tool)
	}
	if c.opts.Email != "" {
		form.Set("email", c.opts.Email)
	}
	if c.opts.Key.IsSet() {
		form.Set("api_key", c.opts.Key.key)
	}
	return form
}

// once sends one request and classifies its answer.
func (c *Client) once(ctx context.Context, encoded string, attempt int) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()

	// A clone shares the HTTP client but has its own callbacks and
	// context, so concurrent requests cannot see each other's answers.
	col := c.colly.Clone()
	col.Context = ctx
	var resp *colly.Response
	col.OnResponse(func(r *colly.Response) { resp = r })

	method, target, body := http.MethodGet, c.endpoint+"?"+encoded, io.Reader(nil)
	if len(encoded) > c.opts.PostOver {
		// NCBI asks for POST when a query is long (PROTOCOL.md §2).
		method, target, body = http.MethodPost, c.endpoint, strings.NewReader(encoded)
	}
	start := c.now()
	err := col.Request(method, target, body, nil, nil)
	elapsed := c.now().Sub(start)
	if err == nil && resp == nil {
		err = errors.New("no response")
	}
	if err != nil {
		// net/http's *url.Error repeats the whole URL, query and key
		// included; the host says enough.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		err = c.scrub.err(fmt.Errorf("esearch at %s: %w", c.host, err))
		c.log.Debug("esearch", "method", method, "url", c.scrub.url(target), "attempt", attempt, "elapsed", elapsed, "error", err)
		return Result{}, err
	}
	res, err := checkResponse(resp.StatusCode, headerOf(resp), resp.Body)
	res, err = c.scrub.result(res), c.scrub.err(err)
	c.log.Debug("esearch", "method", method, "url", c.scrub.url(target), "attempt", attempt,
		"status", resp.StatusCode, "elapsed", elapsed, "count", res.Count, "error", err)
	return res, err
}

func headerOf(r *colly.Response) http.Header {
	if r.Headers == nil {
		return http.Header{}
	}
	return *r.Headers
}
