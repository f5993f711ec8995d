package server

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func TestParseParams(t *testing.T) {
	long := strings.Repeat("a", MaxQueryBytes+1)
	many := strings.Repeat("q=x&", MaxTopics+1)
	thousands := strings.Repeat("q=x&", 3000)
	tests := []struct {
		name, raw string
		allowed   []string
		wantErr   string // "" for none
	}{
		{"defaults", "", chartParams, ""},
		{"every parameter", "q=a&q=b&from=2015&to=2020&style=line&per100k=1&log=on&width=800&height=600", chartParams, ""},
		{"blank fields", "q=&from=&to=&style=", pageParams, ""},
		{"unknown", "q=a&colour=red&zz=1", pageParams, `unknown parameter "colour", "zz"`},
		{"chart-only on the page", "q=a&width=800", pageParams, `unknown parameter "width"`},
		{"style on compare", "q=a&style=line", compareParams, `unknown parameter "style"`},
		{"malformed escape", "q=%zz", pageParams, "the query string is malformed"},
		{"semicolon", "q=a;b", pageParams, "the query string is malformed"},
		{"repeated", "q=a&from=2015&from=2016", pageParams, "from is given 2 times"},
		{"year not a number", "from=20x5", pageParams, `from "20x5": want a whole number`},
		{"signed year", "from=+2015", pageParams, "want a whole number"},
		{"huge year", "to=99999999999999999999", pageParams, "want a whole number"},
		{"year too early", "from=1200", pageParams, "year 1200 is out of range"},
		{"year too late", "to=2090", pageParams, "year 2090 is out of range"},
		{"from after to", "from=2020&to=2010", pageParams, "--from 2020 is after --to 2010"},
		{"bad style", "style=pie", pageParams, `style "pie": want bar, grouped or line`},
		{"bad switch", "per100k=maybe", pageParams, `per100k "maybe": want 1 or 0`},
		{"too wide", "width=10000", chartParams, "size 10000×900"},
		{"too small", "width=10&height=10", chartParams, "size 10×10"},
		{"q too long", "q=" + long, pageParams, "bytes long: at most 1000"},
		{"too many topics", many, pageParams, "q is given 11 times: at most 10 topics"},
		{"thousands of q", thousands, pageParams, "q is given 3000 times"},
		{"invalid UTF-8", "q=%ff%fe", pageParams, "q is not valid UTF-8"},
		{"share without by", "q=a&share=1", pageParams, "share needs by"},
		{"bad breakdown name", "q=a&by=%3Cscript%3E", pageParams, `by "<script>": want the name of a breakdown`},
		{"healthz takes nothing", "verbose=1", noParams, `unknown parameter "verbose"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseParams(tt.raw, tt.allowed, testNow)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("parseParams(%.60q) = %v, want no error", tt.raw, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("parseParams(%.60q) = %v, want %q", tt.raw, err, tt.wantErr)
			case err != nil && !errors.As(err, new(*paramError)):
				t.Errorf("parseParams(%.60q) = %T, want a *paramError", tt.raw, err)
			}
		})
	}
	p, err := parseParams("q=+b+&q=&q=a&style=lines&per100k&log=0", pageParams, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.values(pageParams).Encode(); got != "per100k=1&q=b&q=a&style=line" {
		t.Errorf("normalised = %q, want per100k=1&q=b&q=a&style=line", got)
	}
}

// TestHostileInput sends what an attacker would, through every route:
// every answer is a clear 4xx or a page where the input is text, never
// markup; nothing panics (the rig checks the log).
func TestHostileInput(t *testing.T) {
	r := newRig(t, nil)
	q := url.QueryEscape(hostileQuery)
	for _, target := range []string{"/?q=" + q, "/?per100k=1&q=exosome&q=" + q, "/"} {
		t.Run("page "+target, func(t *testing.T) {
			w := r.get(target)
			if w.Code != 200 {
				t.Fatalf("GET %s = %d\n%s", target, w.Code, w.Body)
			}
			checkMarkup(t, w.Body.String())
		})
	}
	t.Run("unknown hostile query", func(t *testing.T) {
		w := r.get("/?q=" + url.QueryEscape(`<script>alert("x")</script>`))
		if w.Code != 404 || !strings.Contains(w.Body.String(), "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Errorf("= %d, want 404 with the query as text:\n%s", w.Code, w.Body)
		}
		checkMarkup(t, w.Body.String())
	})
	t.Run("chart", func(t *testing.T) {
		w := r.get("/chart.svg?q=" + q)
		if w.Code != 200 {
			t.Fatalf("= %d\n%s", w.Code, w.Body)
		}
		dec := xml.NewDecoder(strings.NewReader(w.Body.String()))
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("the SVG is not well-formed XML: %v", err)
			}
			if el, ok := tok.(xml.StartElement); ok {
				if el.Name.Local == "script" || el.Name.Local == "img" {
					t.Errorf("the SVG has a <%s> element", el.Name.Local)
				}
				for _, a := range el.Attr {
					if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
						t.Errorf("the SVG has an %s attribute", a.Name.Local)
					}
				}
			}
		}
	})
	t.Run("json", func(t *testing.T) {
		var c struct {
			Topics []struct{ Name string } `json:"topics"`
		}
		w := r.get("/compare.json?q=" + q)
		if err := json.Unmarshal(w.Body.Bytes(), &c); err != nil || len(c.Topics) != 1 || c.Topics[0].Name != hostileQuery {
			t.Errorf("compare.json = %v %+v", err, c)
		}
	})
	t.Run("download names", func(t *testing.T) {
		w := r.get("/compare.csv?q=" + q)
		if d := w.Header().Get("Content-Disposition"); d != `attachment; filename="pubtrend-script-alert-q-script-img-src-x-onerror-alert-1-quotes.csv"` {
			t.Errorf("Content-Disposition = %q", d)
		}
	})
	for _, target := range []string{
		"/chart.svg?q=a%00b", "/chart.svg?q=a%1b%5b31m", "/?q=" + strings.Repeat("x", 5000), "/chart.png?width=99999&q=a",
		"/?" + strings.Repeat("q=x&", 2000), "/?q=a&q=b&by=%22%3E", "/chart.svg?q=exosome&from=0001", "/healthz?x=1",
		"/?q=%ff", "/?q=a&%zz=1", "/compare.json?q=a&q=a&q=a&q=a&q=a&q=a&q=a&q=a&q=a&q=a&q=a",
	} {
		t.Run(truncate(target, 40), func(t *testing.T) {
			w := r.get(target)
			if w.Code != 400 {
				t.Errorf("GET %.80s = %d, want 400\n%.300s", target, w.Code, w.Body)
			}
			if isPage(strings.SplitN(target, "?", 2)[0]) {
				checkMarkup(t, w.Body.String())
			}
		})
	}
}

// checkMarkup parses a page and fails on markup that did not come from
// the template: scripts other than the page's own, event handler
// attributes, images or links that leave the server.
func checkMarkup(t *testing.T, page string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	scripts := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatalf("page does not parse: %v", z.Err())
			}
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data == "script" {
			scripts++
		}
		for _, a := range tok.Attr {
			switch {
			case strings.HasPrefix(a.Key, "on"):
				t.Errorf("<%s %s=%q>: an event handler in the page", tok.Data, a.Key, a.Val)
			case (a.Key == "src" || a.Key == "srcset") && !strings.HasPrefix(a.Val, "/"):
				t.Errorf("<%s %s=%q>: a resource from elsewhere", tok.Data, a.Key, a.Val)
			}
		}
	}
	if scripts != 1 {
		t.Errorf("the page has %d <script> elements, want 1 (its own)", scripts)
	}
}

// listen runs the rig's server on a loopback port until the test ends.
func (r *rig) listen() string {
	r.t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		r.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.srv.Serve(ctx, l) }()
	r.t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			r.t.Errorf("Serve: %v", err)
		}
	})
	return l.Addr().String()
}

func TestSlowClients(t *testing.T) {
	r := newRig(t, func(o *Options) {
		o.ReadHeaderTimeout = 200 * time.Millisecond
		o.ReadTimeout = 400 * time.Millisecond
	})
	addr := r.listen()
	// A slowloris client sends its headers a little at a time and never
	// finishes: the server hangs up on it instead of waiting for ever.
	var slow []net.Conn
	for range 20 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		io.WriteString(c, "GET /chart.svg?q=exosome HTTP/1.1\r\nHost: "+addr+"\r\nX-Slow: ")
		slow = append(slow, c)
	}
	// Meanwhile others are served.
	resp, err := http.Get("http://" + addr + "/chart.svg?q=exosome")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("a normal client during the attack: %d", resp.StatusCode)
	}
	for i, c := range slow {
		c.SetReadDeadline(time.Now().Add(20 * time.Second)) // a bound for the test, not a measure
		io.WriteString(c, "a")
		_, err := io.ReadAll(c)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("slow client %d: the server kept the connection open", i)
		}
	}
}

func TestOnTheWire(t *testing.T) {
	r := newRig(t, nil)
	addr := r.listen()
	get := func(target, host string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr+target, nil)
		if host != "" {
			req.Host = host
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	// On loopback, only loopback names are answered: a page of another
	// site that rebinds its name to 127.0.0.1 is refused.
	if resp := get("/?q=exosome", "evil.example:80"); resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("Host evil.example = %d, want 421", resp.StatusCode)
	}
	_, port, _ := net.SplitHostPort(addr)
	if resp := get("/chart.svg?q=exosome", "localhost:"+port); resp.StatusCode != 200 {
		t.Errorf("Host localhost = %d, want 200", resp.StatusCode)
	}
	// A URL longer than the header limit is refused before any handler.
	if resp := get("/?"+strings.Repeat("q=xx&", 5000), ""); resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 25 KB URL = %d, want 431", resp.StatusCode)
	}
	// HEAD works like GET, without a body.
	req, _ := http.NewRequest(http.MethodHead, "http://"+addr+"/chart.svg?q=exosome", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == "" {
		t.Errorf("HEAD = %d, ETag %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
	// A request log line per request, with no more than it should.
	c, _ := net.Dial("tcp", addr)
	io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: "+addr+"\r\nConnection: close\r\n\r\n")
	line, _ := bufio.NewReader(c).ReadString('\n')
	c.Close()
	if !strings.HasPrefix(line, "HTTP/1.1 200") {
		t.Errorf("healthz: %q", line)
	}
	if !strings.Contains(r.logs.String(), `msg=request method=GET path=/healthz`) {
		t.Errorf("no request log line:\n%s", r.logs.String())
	}
}
