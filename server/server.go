package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pubtrend/pubtrend/charts"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/config"
	"golang.org/x/sync/singleflight"
)

// Options configure a Server. Zero values take the defaults noted.
type Options struct {
	Config *config.Config // names, default years
	Path   string         // the store, read-only and briefly per request

	// Client, when set, makes the server collect the counts a request
	// lacks (pubtrend serve --fetch): in the background, one selection at
	// a time, through this one client and so its one rate limiter.
	Client *collector.Client

	// Logger receives errors, and with LogRequests one line per request.
	// Default: discard.
	Logger      *slog.Logger
	LogRequests bool

	Now func() time.Time // default time.Now

	// MaxRenders caps the charts and pages drawn at once; default the
	// number of CPUs. A request that waits longer than RenderWait for a
	// turn gets 503 (default 10s).
	MaxRenders int
	RenderWait time.Duration
	// CacheBytes bounds the memory of rendered answers; default 64 MiB.
	CacheBytes int
	// StoreTimeout bounds the wait for the store while a collection
	// commits; default 5s.
	StoreTimeout time.Duration

	// The HTTP server's timeouts; defaults 5s, 10s, 30s, 120s.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration

	// Hosts are the Host header values answered; any other is refused,
	// which defeats DNS rebinding against a server on loopback. Serve
	// fills it for a loopback listener when empty; empty otherwise means
	// any host.
	Hosts []string
}

// Server answers the explorer page, charts, comparisons and the health
// check. It is an http.Handler; Serve runs it with timeouts and graceful
// shutdown.
type Server struct {
	opts    Options
	log     *slog.Logger
	handler http.Handler
	hosts   map[string]bool

	// epoch makes ETags of this process differ from another's: a new
	// binary may draw the same data differently.
	epoch  string
	tags   *cache[string] // state of a request → ETag
	bodies *cache[body]   // ETag → rendered answer
	flight singleflight.Group
	turns  chan struct{} // render slots

	versionTTL  time.Duration // versionTTL; tests that commit and read at once set 0
	versionMu   sync.Mutex
	versionSeen uint64    // the store's version …
	versionAt   time.Time // … as read when this read began
	fetch       *fetcher  // nil without a client

	rendered atomic.Int64 // bodies rendered (not served from cache), for tests
}

// New checks opts and returns a Server.
func New(opts Options) (*Server, error) {
	if opts.Config == nil || opts.Path == "" {
		return nil, errors.New("server: a config and a store path are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	setDefault(&opts.MaxRenders, runtime.NumCPU())
	setDefault(&opts.RenderWait, 10*time.Second)
	setDefault(&opts.CacheBytes, 64<<20)
	setDefault(&opts.StoreTimeout, 5*time.Second)
	setDefault(&opts.ReadHeaderTimeout, 5*time.Second)
	setDefault(&opts.ReadTimeout, 10*time.Second)
	setDefault(&opts.WriteTimeout, 30*time.Second)
	setDefault(&opts.IdleTimeout, 120*time.Second)
	epoch := make([]byte, 8)
	rand.Read(epoch)
	s := &Server{
		opts:   opts,
		log:    opts.Logger,
		epoch:  hex.EncodeToString(epoch),
		tags:   newCache[string](1 << 20),
		bodies: newCache[body](opts.CacheBytes),
		turns:  make(chan struct{}, opts.MaxRenders),

		versionTTL: versionTTL,
	}
	s.setHosts(opts.Hosts)
	if opts.Client != nil {
		s.fetch = newFetcher(opts.Client, opts.Path, opts.Now, s.log)
	}
	s.handler = s.middleware(s.routes())
	return s, nil
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

func (s *Server) setHosts(hosts []string) {
	if len(hosts) == 0 {
		s.hosts = nil
		return
	}
	s.hosts = make(map[string]bool)
	for _, h := range hosts {
		s.hosts[strings.ToLower(h)] = true
	}
}

// LoopbackHosts are the Host header values that name addr when it is a
// loopback address (127.0.0.1:8080 and localhost:8080), else nil: a
// server on loopback answers only to them.
func LoopbackHosts(addr net.Addr) []string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsLoopback() {
		return nil
	}
	port := strconv.Itoa(tcp.Port)
	hosts := []string{net.JoinHostPort(tcp.IP.String(), port), net.JoinHostPort("localhost", port)}
	if tcp.Port == 80 {
		hosts = append(hosts, tcp.IP.String(), "localhost")
		if tcp.IP.To4() == nil {
			hosts = append(hosts, "["+tcp.IP.String()+"]")
		}
	}
	return hosts
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /chart.svg", s.chart(charts.SVG))
	mux.HandleFunc("GET /chart.png", s.chart(charts.PNG))
	mux.HandleFunc("GET /chart.pdf", s.chart(charts.PDF))
	mux.HandleFunc("GET /compare.json", s.compare("json"))
	mux.HandleFunc("GET /compare.csv", s.compare("csv"))
	mux.HandleFunc("GET /compare.md", s.compare("md"))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /assets/{name}", s.asset)
	mux.HandleFunc("/", s.notFound)
	return mux
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Serve answers requests on l until ctx ends, then shuts down gracefully:
// no new connections, requests in flight finish (10 seconds at most), a
// background collection stops where it is (what it stored stays).
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	if s.hosts == nil {
		s.setHosts(LoopbackHosts(l.Addr()))
	}
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.opts.ReadHeaderTimeout,
		ReadTimeout:       s.opts.ReadTimeout,
		WriteTimeout:      s.opts.WriteTimeout,
		IdleTimeout:       s.opts.IdleTimeout,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	bg, stop := context.WithCancel(context.WithoutCancel(ctx))
	fetchDone := make(chan struct{})
	go func() {
		defer close(fetchDone)
		if s.fetch != nil {
			s.fetch.run(bg)
		}
	}()
	served := make(chan error, 1)
	go func() { served <- hs.Serve(l) }()

	var err error
	select {
	case err = <-served:
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		err = hs.Shutdown(shutdown)
		cancel()
		if serr := <-served; !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
	}
	stop()
	<-fetchDone
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
