package server

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// The page's style sheet, script and icon, and its template: embedded,
// so the server needs no files and no CDN, and works offline.
//
//go:embed assets
var assetFS embed.FS

//go:embed templates/page.html
var pageHTML string

// asset is one embedded file, served under a name that carries a hash of
// its content: it may be cached for ever, and a new version has a new
// name.
type asset struct {
	data        []byte
	contentType string
}

var (
	assets     = make(map[string]asset)  // served name → file
	assetNames = make(map[string]string) // file name → served name
)

func init() {
	entries, err := fs.ReadDir(assetFS, "assets")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		data, err := assetFS.ReadFile("assets/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(e.Name())
		served := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:6]) + ext
		assets[served] = asset{data: data, contentType: mime.TypeByExtension(ext)}
		assetNames[e.Name()] = "/assets/" + served
	}
}

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"asset": func(name string) string {
		p, ok := assetNames[name]
		if !ok {
			panic("no asset " + name)
		}
		return p
	},
	"inc": func(i int) int { return i + 1 },
}).Parse(pageHTML))

func (s *Server) asset(w http.ResponseWriter, r *http.Request) {
	a, ok := assets[r.PathValue("name")]
	if !ok || r.URL.RawQuery != "" {
		s.fail(w, r, errNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Content-Length", strconv.Itoa(len(a.data)))
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	w.Write(a.data)
}
