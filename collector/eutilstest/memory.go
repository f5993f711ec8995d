package eutilstest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"syscall"
)

// memoryURL is the root a memory server answers on. Nothing listens there:
// a client that forgets the Transport gets "connection refused" at once
// (port 9 is discard) instead of a server that is not this one.
const memoryURL = "http://127.0.0.1:9/entrez/eutils/"

// memoryAddr is the caller every in-memory request appears to come from:
// the same IP as a client on a loopback socket, so both share NCBI's
// per-IP window.
const memoryAddr = "127.0.0.1:40000"

// NewMemoryServer returns a server that never listens: reach it through
// Transport. Under testing/synctest its handler runs on the bubble's fake
// clock, latency, rate window and all, since no socket is involved.
func NewMemoryServer() *Server {
	s := newServer()
	s.URL = memoryURL
	return s
}

// Transport returns an http.RoundTripper that hands each request straight
// to the server's handler, in the caller's goroutine: no socket, no
// connection pool, nothing left running. A FaultReset comes back as a
// connection reset; a FaultHang holds until the request's context ends.
func (s *Server) Transport() http.RoundTripper { return memoryTransport{s.handler()} }

type memoryTransport struct{ h http.Handler }

func (t memoryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	in := req.Clone(req.Context())
	in.Body = io.NopCloser(bytes.NewReader(body))
	in.ContentLength = int64(len(body))
	in.RemoteAddr = memoryAddr
	in.RequestURI = req.URL.RequestURI()
	in.Host = req.URL.Host

	w := &hijackRecorder{ResponseRecorder: httptest.NewRecorder()}
	t.h.ServeHTTP(w, in)
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if w.hijacked {
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	}
	resp := w.Result()
	resp.Request = req
	return resp, nil
}

// hijackRecorder lets the handler close "the connection", as FaultReset
// does on a socket.
type hijackRecorder struct {
	*httptest.ResponseRecorder
	hijacked bool
}

func (w *hijackRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if w.hijacked {
		return nil, nil, errors.New("already hijacked")
	}
	w.hijacked = true
	server, client := net.Pipe()
	client.Close()
	return server, bufio.NewReadWriter(bufio.NewReader(server), bufio.NewWriter(server)), nil
}

// ForeignBurst sends n requests at once, as another program on the same
// machine would (curl, no key, no tool), straight to the handler: they
// fill NCBI's per-IP window for everybody on that IP. It returns when all
// are answered, after the server's latency. They appear in Requests with
// the tool "foreign".
func (s *Server) ForeignBurst(n int) error {
	client := &http.Client{Transport: s.Transport()}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			q := url.Values{"db": {"pubmed"}, "term": {fmt.Sprintf("foreign %d", i)}, "retmode": {"json"}, "tool": {"foreign"}}
			resp, err := client.Get(memoryURL + "esearch.fcgi?" + q.Encode())
			if err == nil {
				resp.Body.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
