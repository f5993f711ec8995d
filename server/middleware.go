package server

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// The Content-Security-Policy of pages: scripts, styles and images from
// this server only, no inline script or style, no framing, forms that
// submit only here. Charts and data have their own, stricter ones.
const (
	pageCSP  = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
	chartCSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
	dataCSP  = "default-src 'none'; sandbox"
)

// recorder remembers what a handler answered, for the request log.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
	cache  string // hit, miss, 304 or "" when not cacheable
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// noteCache records how a request was answered, for the log.
func noteCache(w http.ResponseWriter, how string) {
	if r, ok := w.(*recorder); ok {
		r.cache = how
	}
}

// middleware wraps every route: the headers every answer carries, the
// Host check, recovery from a panic, and the request log.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if rec.status == 0 {
					s.fail(rec, r, fmt.Errorf("panic: %v", v))
				}
			}
			if s.opts.LogRequests {
				s.log.Info("request", "method", r.Method, "path", r.URL.Path, "query", truncate(r.URL.RawQuery, 300),
					"status", rec.status, "bytes", rec.bytes, "cache", rec.cache,
					"ms", float64(time.Since(start).Microseconds())/1000, "remote", r.RemoteAddr)
			}
		}()
		if s.hosts != nil && !s.hosts[strings.ToLower(r.Host)] {
			s.fail(rec, r, &hostError{host: r.Host})
			return
		}
		next.ServeHTTP(rec, r)
	})
}

// hostError is a request for a host this server does not answer to.
type hostError struct{ host string }

func (e *hostError) Error() string {
	return fmt.Sprintf("this server does not answer to the host %q", truncate(e.host, 100))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.fail(w, r, errMethod)
		return
	}
	s.fail(w, r, errNotFound)
}
